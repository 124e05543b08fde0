using NotebookKit.Nn;
using NotebookKit.Optim;

namespace NotebookKit.Tests.Optim;

/// <summary>
/// The relations the weight-decay notebook shows, derived and tested.
/// </summary>
/// <remarks>
/// Without momentum, PyTorch SGD with L2 factor λ updates <c>p ← p − lr·(g + λ·p) = p·(1 − lr·λ) − lr·g</c>.
/// SGDW (Decoupled) updates <c>p ← p·(1 − lr·λ') − lr·g</c>, so they are equal exactly when λ' = λ.
/// The Scheduled mode decays by <c>(lr/lr₀)·λ''</c>, so it equals both when <c>λ'' = lr₀·λ</c>: the paper's λ is
/// PyTorch's λ times the initial learning rate. Float32 rounding differs (one multiply-add order against another),
/// so equality is to a few ulps, not bit for bit.
/// </remarks>
public sealed class WeightDecayRelationTests
{
    private const int Steps = 30;

    [Fact]
    public void Sgd_l2_equals_sgdw_with_the_same_lambda_without_momentum()
    {
        const double lr = 0.1, lambda = 0.05;
        var l2 = Run(p => new Sgd(p, new SgdOptions(lr) { WeightDecay = lambda }), halveLrAt: 10);
        var decoupled = Run(p => new Sgd(p, new SgdOptions(lr) { WeightDecay = lambda, WeightDecayMode = WeightDecayMode.Decoupled }), halveLrAt: 10);
        var scheduled = Run(p => new Sgd(p, new SgdOptions(lr) { WeightDecay = lambda * lr, WeightDecayMode = WeightDecayMode.Scheduled }), halveLrAt: 10);
        AssertClose(l2, decoupled, 1e-5);
        AssertClose(l2, scheduled, 1e-5);
    }

    [Fact]
    public void With_momentum_l2_and_decoupled_decay_differ()
    {
        // With momentum the L2 term λ·p is accumulated in the buffer (it is applied again, scaled by μ, on later steps);
        // SGDW applies it once.
        var l2 = Run(p => new Sgd(p, new SgdOptions(0.1) { Momentum = 0.9, WeightDecay = 0.05 }));
        var decoupled = Run(p => new Sgd(p, new SgdOptions(0.1) { Momentum = 0.9, WeightDecay = 0.05, WeightDecayMode = WeightDecayMode.Decoupled }));
        Assert.True(MaxRelativeDifference(l2, decoupled) > 1e-2);
    }

    [Fact]
    public void Adam_with_l2_differs_from_adamw()
    {
        var adam = Run(p => new Adam(p, new AdamOptions(0.01) { WeightDecay = 0.1 }));
        var adamw = Run(p => new AdamW(p, new AdamWOptions(0.01) { WeightDecay = 0.1 }));
        Assert.True(MaxRelativeDifference(adam, adamw) > 1e-3);
    }

    [Fact]
    public void Adam_in_decoupled_mode_is_adamw_bit_for_bit()
    {
        var adam = Run(p => new Adam(p, new AdamOptions(0.01) { WeightDecay = 0.1, WeightDecayMode = WeightDecayMode.Decoupled }));
        var adamw = Run(p => new AdamW(p, new AdamWOptions(0.01) { WeightDecay = 0.1 }));
        Assert.Equal(adam, adamw);
    }

    [Fact]
    public void Scheduled_decay_follows_the_schedule_multiplier_not_the_lr()
    {
        // AdamW's decay per step is lr·λ. The scheduled mode's is (lr/lr₀)·λ''. With λ'' = lr₀·λ they agree at every lr.
        const double lr0 = 0.02, lambda = 0.1;
        var pytorch = Run(p => new AdamW(p, new AdamWOptions(lr0) { WeightDecay = lambda }), halveLrAt: 5);
        var paper = Run(p => new AdamW(p, new AdamWOptions(lr0) { WeightDecay = lambda * lr0, WeightDecayMode = WeightDecayMode.Scheduled }), halveLrAt: 5);
        AssertClose(pytorch, paper, 1e-5);

        // With a zero gradient the only change is the decay: after k steps at lr, p = p₀·(1 − (lr/lr₀)·λ'')^k.
        var p1 = new Parameter("w", [2f], 1);
        var opt = new AdamW([p1], new AdamWOptions(lr0) { WeightDecay = 0.5, WeightDecayMode = WeightDecayMode.Scheduled });
        opt.Groups[0].LearningRate = lr0 / 4;
        opt.Step();
        Assert.Equal(2f * (float)(1 - (0.25 * 0.5)), p1.Value[0]);
    }

    private static float[] Run(Func<IReadOnlyList<Parameter>, IOptimizer> create, int halveLrAt = int.MaxValue)
    {
        var p = new Parameter("w", [1f, -2f, 0.5f, 3f, -0.25f], 5);
        IOptimizer optimizer = create([p]);
        for (int step = 0; step < Steps; step++)
        {
            if (step == halveLrAt)
            {
                optimizer.Groups[0].LearningRate /= 2;
            }

            // Gradient of ½·Σ c_i·x_i² + d·x: a fixed quadratic, so the run is a real descent.
            for (int i = 0; i < p.Length; i++)
            {
                p.Grad[i] = ((0.5f + i) * p.Value[i]) + (0.1f * (i - 2));
            }

            optimizer.Step();
        }

        return p.Value;
    }

    private static void AssertClose(float[] expected, float[] actual, double relative)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * Math.Max(Math.Abs(expected[i]), 1e-3), $"[{i}] {expected[i]:R} vs {actual[i]:R}");
        }
    }

    private static double MaxRelativeDifference(float[] a, float[] b) =>
        a.Zip(b, (x, y) => Math.Abs(x - y) / Math.Max(Math.Abs(x), 1e-3)).Max();
}
