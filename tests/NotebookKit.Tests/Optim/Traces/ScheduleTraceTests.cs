using System.Text.Json.Nodes;
using NotebookKit.Optim.Traces;
using NotebookKit.Specs;

namespace NotebookKit.Tests.Optim.Traces;

public sealed class ScheduleTraceTests
{
    [Fact]
    public void Per_group_rates_build_one_group_each_for_any_optimizer_type()
    {
        foreach (string type in new[] { "SGD", "Adam", "AdamW", "RMSprop" })
        {
            var result = ScheduleTrace.Trace(JsonNode.Parse($$"""
                {"lr": [0.1, 0.2], "optimizer": {"type": "{{type}}", "momentum": 0.9},
                 "scheduler": {"type": "StepLR", "step_size": 1, "gamma": 0.5}, "steps": 2}
                """.Replace("\"momentum\": 0.9", type.StartsWith("Adam", StringComparison.Ordinal) ? "\"amsgrad\": false" : "\"momentum\": 0.9", StringComparison.Ordinal))!.AsObject());
            double[][] lrs = result["lr"]!.AsArray().Select(step => step!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray();
            Assert.Equal([0.1, 0.2], lrs[0]);
            Assert.Equal([0.025, 0.05], lrs[2]);
        }
    }

    [Fact]
    public void Cycled_beta1_is_traced_for_adam()
    {
        var result = ScheduleTrace.Trace(JsonNode.Parse("""
            {"lr": 0.01, "optimizer": {"type": "Adam"}, "scheduler": {"type": "OneCycleLR", "max_lr": 0.1, "total_steps": 10}, "steps": 3}
            """)!.AsObject());
        Assert.Equal(0.95, result["momentum"]![0]!.GetValue<double>(), 12);
        Assert.Equal(4, result["momentum"]!.AsArray().Count);
    }

    [Fact]
    public void A_broken_spec_fails_only_its_own_slot()
    {
        JsonNode? batch = SpecJson.Parse("""
            [{"scheduler": {"type": "StepLR", "step_size": 2}, "steps": 2},
             {"scheduler": {"type": "StepLR", "step_size": 2, "step_size": 3}, "steps": 2},
             {"scheduler": {"type": "StepLR", "step_size": 2}, "steps": null}]
            """, "batch.json", rejectDuplicateKeys: false);
        var results = ScheduleTrace.Run(batch).AsArray();
        Assert.Equal(3, results[0]!["lr"]!.AsArray().Count);
        Assert.StartsWith("scheduler.step_size: the key \"step_size\" appears twice", results[1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("steps: must not be null; expected an integer", results[2]!["error"]!.GetValue<string>());
    }
}
