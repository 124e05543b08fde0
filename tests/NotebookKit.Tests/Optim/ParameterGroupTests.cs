using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Optim;

public sealed class ParameterGroupTests
{
    [Fact]
    public void One_dimensional_parameters_get_no_weight_decay()
    {
        var weight = new Parameter("conv.weight", [1f, 2f, 3f, 4f], 2, 2);
        var bias = new Parameter("conv.bias", [1f, 2f], 2);
        var bnScale = new Parameter("bn.weight", [1f, 1f], 2);
        var groups = ParameterGroups.NoDecayForOneDimensional([weight, bias, bnScale], new AdamWOptions(0.1) { WeightDecay = 0.5 });
        Assert.Equal(2, groups.Count);
        Assert.Equal([weight], groups[0].Parameters);
        Assert.Equal([bias, bnScale], groups[1].Parameters);
        Assert.Equal(0.5, groups[0].Options.WeightDecay);
        Assert.Equal(0.0, groups[1].Options.WeightDecay);

        // With zero gradients AdamW only decays: the weight shrinks by (1 − lr·λ), the 1-D parameters stay.
        var adamw = new AdamW(groups);
        adamw.Step();
        Assert.Equal(1f * (float)(1 - (0.1 * 0.5)), weight.Value[0]);
        Assert.Equal([1f, 2f], bias.Value);
    }

    [Fact]
    public void Groups_with_their_own_options_equal_separate_optimizers()
    {
        var a1 = new Parameter("a", [1f, -1f, 0.5f], 3);
        var b1 = new Parameter("b", [2f, 0.25f], 2);
        var together = new Sgd([
            new ParameterGroup<SgdOptions>([a1], new SgdOptions(0.1) { Momentum = 0.9 }),
            new ParameterGroup<SgdOptions>([b1], new SgdOptions(0.01) { WeightDecay = 0.1 }),
        ]);
        var a2 = new Parameter("a", [1f, -1f, 0.5f], 3);
        var b2 = new Parameter("b", [2f, 0.25f], 2);
        var onlyA = new Sgd([a2], new SgdOptions(0.1) { Momentum = 0.9 });
        var onlyB = new Sgd([b2], new SgdOptions(0.01) { WeightDecay = 0.1 });
        for (int t = 0; t < 5; t++)
        {
            foreach (var p in new[] { a1, b1, a2, b2 })
            {
                for (int i = 0; i < p.Length; i++)
                {
                    p.Grad[i] = p.Value[i] + t;
                }
            }

            together.Step();
            onlyA.Step();
            onlyB.Step();
        }

        Assert.Equal(a2.Value, a1.Value);
        Assert.Equal(b2.Value, b1.Value);
    }

    [Fact]
    public void Knobs_are_typed_by_optimizer_and_validated()
    {
        var p = new Parameter("w", 3);
        Assert.Equal(MomentumKind.Momentum, new Sgd([p], new SgdOptions(0.1)).Groups[0].MomentumKind);
        Assert.Equal(MomentumKind.Momentum, new RMSprop([p], new RMSpropOptions()).Groups[0].MomentumKind);
        var adam = new Adam([p], new AdamOptions { Beta1 = 0.8 });
        Assert.Equal(MomentumKind.Beta1, adam.Groups[0].MomentumKind);
        Assert.Equal(0.8, adam.Groups[0].Momentum);
        var e = Assert.Throws<ArgumentException>(() => adam.Groups[0].Momentum = 1.0);
        Assert.Contains("betas[0] must be in [0, 1)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => adam.Groups[0].LearningRate = -0.5);
        Assert.Contains("Invalid learning rate: -0.5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycled_beta1_is_used_by_the_next_step()
    {
        // One step from zero state: m1 = (1−β1)·g and bc1 = 1−β1 cancel, so β1 changes nothing at t = 1; use t = 2.
        float Run(double beta1AtStep2)
        {
            var w = new Parameter("w", [1f], 1);
            var adam = new Adam([w], new AdamOptions(0.1));
            w.Grad[0] = 1f;
            adam.Step();
            adam.Groups[0].Momentum = beta1AtStep2;
            w.Grad[0] = -1f;
            adam.Step();
            return w.Value[0];
        }

        Assert.NotEqual(Run(0.9), Run(0.5));
    }

    [Fact]
    public void A_parameter_in_two_groups_is_refused()
    {
        var w = new Parameter("w", 3);
        var e = Assert.Throws<ArgumentException>(() => new Sgd([
            new ParameterGroup<SgdOptions>([w], new SgdOptions(0.1)),
            new ParameterGroup<SgdOptions>([new Parameter("w", 2)], new SgdOptions(0.1)),
        ]));
        Assert.Contains("'w' appears more than once", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Sgd([], new SgdOptions(0.1)));
    }

    [Fact]
    public void Thread_count_does_not_change_results()
    {
        float[] Run(int threads)
        {
            var rng = new Random(5);
            var w = new Parameter("w", Enumerable.Range(0, 200_003).Select(_ => (float)rng.NextDouble()).ToArray(), 200_003);
            var adamw = new AdamW([w], new AdamWOptions(0.01)) { Threads = threads };
            for (int t = 0; t < 3; t++)
            {
                for (int i = 0; i < w.Length; i++)
                {
                    w.Grad[i] = w.Value[i] - 0.5f;
                }

                adamw.Step();
            }

            return w.Value;
        }

        Assert.Equal(Run(1), Run(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([new Parameter("w", 1)], new SgdOptions(0.1)) { Threads = 0 });
    }
}
