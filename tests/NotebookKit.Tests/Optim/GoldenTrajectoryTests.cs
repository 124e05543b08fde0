using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Optim;

/// <summary>Every optimizer and option combination, alone and with schedulers, against PyTorch 1.13.1 trajectories (float32, 12 steps).</summary>
public sealed class GoldenTrajectoryTests
{
    public static IEnumerable<object[]> Cases() => GoldenFixtures.CaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Trajectory_matches_pytorch(string name)
    {
        JsonObject c = GoldenFixtures.Case(name);
        JsonObject spec = c["spec"]!.AsObject();
        var parameters = spec["params"]!.AsArray()
            .Select((t, k) => { float[] v = GoldenFixtures.Flat(t); return new Parameter($"p{k}", v, v.Length); })
            .ToList();
        IOptimizer optimizer = OptimizerSpec.Create(spec["optimizer"]!.AsObject(), parameters);
        var scheduler = spec["scheduler"] is JsonObject s ? (ILRScheduler)SchedulerSpec.Create(s, optimizer) : null;
        JsonArray grads = spec["grads"]!.AsArray();
        JsonArray expected = c["expected"]!.AsArray();
        for (int step = 0; step < grads.Count; step++)
        {
            for (int k = 0; k < parameters.Count; k++)
            {
                GoldenFixtures.Flat(grads[step]![k]).CopyTo(parameters[k].Grad, 0);
            }

            optimizer.Step();
            scheduler?.Step();
            for (int k = 0; k < parameters.Count; k++)
            {
                float[] want = GoldenFixtures.Flat(expected[step]![k]);
                for (int i = 0; i < want.Length; i++)
                {
                    GoldenFixtures.AssertClose(want[i], parameters[k].Value[i], $"{name} step {step + 1} tensor {k}[{i}]");
                }
            }
        }
    }

    [Fact]
    public void Fixtures_cover_every_pytorch_optimizer_and_option()
    {
        var specs = GoldenFixtures.CaseNames().Select(n => GoldenFixtures.Case((string)n[0])["spec"]!["optimizer"]!.AsObject()).ToList();
        foreach (string type in new[] { "SGD", "Adam", "AdamW", "RMSprop", "Adagrad" })
        {
            Assert.Contains(specs, s => s["type"]!.GetValue<string>() == type);
        }

        foreach (string option in new[] { "maximize", "nesterov", "dampening", "amsgrad", "centered", "lr_decay", "initial_accumulator_value", "weight_decay", "betas", "alpha", "momentum" })
        {
            Assert.Contains(specs, s => s.ContainsKey(option));
        }

        // Schedulers that write the momentum knob: SGD momentum (CyclicLR) and Adam-family beta1 (OneCycleLR).
        var scheduled = GoldenFixtures.CaseNames().Select(n => GoldenFixtures.Case((string)n[0])["spec"]!.AsObject()).Where(s => s.ContainsKey("scheduler")).ToList();
        Assert.Contains(scheduled, s => s["scheduler"]!["type"]!.GetValue<string>() == "CyclicLR" && s["optimizer"]!["type"]!.GetValue<string>() == "SGD");
        Assert.Contains(scheduled, s => s["scheduler"]!["type"]!.GetValue<string>() == "OneCycleLR" && s["optimizer"]!["type"]!.GetValue<string>() == "AdamW");
    }
}
