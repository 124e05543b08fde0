using System.Text.Json.Nodes;

namespace NotebookKit.Tests.Cli;

/// <summary>End-to-end <c>nbkit schedule trace</c>: the real binary, a batch with valid and invalid entries.</summary>
public sealed class ScheduleTraceTests
{
    [Fact]
    public void Batch_traces_valid_entries_and_reports_invalid_ones_in_place()
    {
        // Expected numbers: PyTorch 1.13.1 (reference Appendix A; also in Fixtures/schedules.json).
        string dir = Directory.CreateTempSubdirectory("nbkit-trace").FullName;
        string file = Path.Combine(dir, "specs.json");
        File.WriteAllText(file, """
        [
          {"lr": 1.0, "optimizer": {"type": "SGD", "momentum": 0.9}, "scheduler": {"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10}, "steps": 9},
          {"lr": 1.0, "scheduler": {"type": "StepLR", "step_size": 0}, "steps": 3},
          {"lr": [1.0, 0.1], "scheduler": {"type": "ReduceLROnPlateau", "patience": 0, "factor": 0.5}, "metrics": [1, 1], "steps": 2},
          {"lr": 1.0, "scheduler": {"type": "Bogus"}, "steps": 1},
          {"lr": 1.0, "scheduler": {"type": "ExponentialDecay", "initial_learning_rate": 1.0, "decay_steps": 4, "decay_rate": 0.5, "staircase": true}, "steps": 4}
        ]
        """);
        var r = Nbkit.Run("schedule", "trace", file);
        Assert.Equal(0, r.ExitCode);
        var results = JsonNode.Parse(r.LastLine)!.AsArray();
        Assert.Equal(5, results.Count);
        var lr = results[0]!["lr"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        Assert.Equal(10, lr.Length);
        Assert.Equal(0.040000000000000036, lr[0]);
        Assert.Equal(0.9504846320134737, lr[3]);
        Assert.Equal(4e-06, lr[9]);
        Assert.Equal(0.854951556604879, results[0]!["momentum"]![3]!.GetValue<double>());
        Assert.Contains("step_size", results[1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        // patience=0: the first metric sets best, the second (no improvement) reduces both groups by factor.
        Assert.Equal(0.5, results[2]!["lr"]![2]![0]!.GetValue<double>());
        Assert.Equal(0.05, results[2]!["lr"]![2]![1]!.GetValue<double>());
        Assert.Contains("Bogus", results[3]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([1, 1, 1, 1, 0.5], results[4]!["lr"]!.AsArray().Select(n => n!.GetValue<double>()));
    }

    [Fact]
    public void Single_spec_gives_a_single_result()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("nbkit-trace").FullName, "one.json");
        File.WriteAllText(file, """{"lr": 1.0, "scheduler": {"type": "SequentialLR", "milestones": [3], "schedulers": [{"type": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 3}, {"type": "ExponentialLR", "gamma": 0.5}]}, "steps": 7}""");
        var r = Nbkit.Run("schedule", "trace", file);
        Assert.Equal(0, r.ExitCode);
        var lr = JsonNode.Parse(r.LastLine)!["lr"]!.AsArray().Select(n => n!.GetValue<double>());
        Assert.Equal([0.1, 0.39999999999999997, 0.7, 1.0, 0.5, 0.25, 0.125, 0.0625], lr);
    }

    [Fact]
    public void Unreadable_file_exits_1_with_a_message()
    {
        var r = Nbkit.Run("schedule", "trace", Path.Combine(Path.GetTempPath(), "no-such-nbkit-spec.json"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no-such-nbkit-spec.json", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_exits_1()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("nbkit-trace").FullName, "bad.json");
        File.WriteAllText(file, "{not json");
        var r = Nbkit.Run("schedule", "trace", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not valid JSON", r.Stderr, StringComparison.Ordinal);
    }
}
