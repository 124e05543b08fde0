using NotebookKit.Nn;
using NotebookKit.Optim;

namespace NotebookKit.Tests.Optim;

/// <summary>The Keras options, checked against hand derivations from the Keras update rules.</summary>
public sealed class KerasCompatibilityTests
{
    [Fact]
    public void Keras_momentum_puts_lr_inside_the_velocity()
    {
        // p0 = 1, g1 = 1, g2 = 0.5, μ = 0.9, lr 0.1 then 0.05.
        // Keras:   v1 = −0.1;  p1 = 0.9;  v2 = 0.9·v1 − 0.05·0.5 = −0.115;  p2 = 0.785.
        // PyTorch: buf1 = 1;   p1 = 0.9;  buf2 = 0.9 + 0.5 = 1.4;           p2 = 0.9 − 0.05·1.4 = 0.83.
        Assert.Equal(0.785f, TwoSteps(keras: true, nesterov: false), 6);
        Assert.Equal(0.83f, TwoSteps(keras: false, nesterov: false), 6);

        // Nesterov. Keras: p1 = 1 + (0.9·v1 − 0.1·1) = 0.81; p2 = p1 + (0.9·v2 − 0.05·0.5) = 0.81 − 0.1035 − 0.025 = 0.6815.
        // PyTorch: p1 = 1 − 0.1·(1 + 0.9·1) = 0.81; p2 = 0.81 − 0.05·(0.5 + 0.9·1.4) = 0.722.
        Assert.Equal(0.6815f, TwoSteps(keras: true, nesterov: true), 6);
        Assert.Equal(0.722f, TwoSteps(keras: false, nesterov: true), 6);
    }

    [Fact]
    public void Keras_momentum_equals_pytorch_while_lr_is_constant()
    {
        foreach (bool nesterov in new[] { false, true })
        {
            float[] keras = Quadratic(p => new Sgd(p, new SgdOptions(0.05) { Momentum = 0.9, Nesterov = nesterov, KerasMomentum = true }));
            float[] torch = Quadratic(p => new Sgd(p, new SgdOptions(0.05) { Momentum = 0.9, Nesterov = nesterov }));
            for (int i = 0; i < keras.Length; i++)
            {
                Assert.True(Math.Abs(keras[i] - torch[i]) <= 1e-5 * Math.Max(1, Math.Abs(torch[i])), $"nesterov={nesterov} [{i}]: {keras[i]} vs {torch[i]}");
            }
        }
    }

    [Fact]
    public void Legacy_decay_is_time_based_per_update()
    {
        // Keras legacy: lr_t = lr / (1 + decay·iterations), iterations = updates already applied. Setting that lr by hand
        // on a plain optimizer before each step must give the same numbers bit for bit.
        const double lr = 0.1, decay = 0.5;
        float[] keras = Quadratic(p => new Sgd(p, new SgdOptions(lr) { Momentum = 0.9, KerasDecay = decay }));
        var w = NewParameter();
        var manual = new Sgd([w], new SgdOptions(lr) { Momentum = 0.9 });
        for (int t = 0; t < 20; t++)
        {
            manual.Groups[0].LearningRate = lr / (1 + (decay * t));
            QuadraticGradient(w);
            manual.Step();
        }

        Assert.Equal(keras, w.Value);
    }

    [Fact]
    public void Keras_epsilon_is_added_to_the_uncorrected_root()
    {
        // One step from m = v = 0: m1 = (1−β1)·g, v1 = (1−β2)·g², α1 = lr·sqrt(1−β2)/(1−β1), so
        // p1 = p0 − lr·sqrt(1−β2)·g / (sqrt(1−β2)·|g| + ε).
        const double lr = 0.1, b2 = 0.999, eps = 1e-3, g = 0.02;
        var w = new Parameter("w", [1f], 1);
        var adam = new Adam([w], new AdamOptions(lr) { Epsilon = eps, KerasEpsilon = true });
        w.Grad[0] = (float)g;
        adam.Step();
        double expected = 1 - (lr * Math.Sqrt(1 - b2) * g / ((Math.Sqrt(1 - b2) * g) + eps));
        Assert.Equal(expected, w.Value[0], 6);

        // PyTorch's placement gives p0 − lr·g/(|g| + ε): a visibly different step for the same ε.
        var w2 = new Parameter("w", [1f], 1);
        var torch = new Adam([w2], new AdamOptions(lr) { Epsilon = eps });
        w2.Grad[0] = (float)g;
        torch.Step();
        Assert.Equal(1 - (lr * g / (g + eps)), w2.Value[0], 6);
        Assert.True(Math.Abs(w.Value[0] - w2.Value[0]) > 1e-3);
    }

    [Fact]
    public void Keras_epsilon_equals_pytorch_with_a_step_dependent_epsilon()
    {
        // ε_torch = ε_keras / sqrt(1 − β2^t): equal at each t (Keras folds ε into the bias correction). Check over 10 steps, PyTorch ε set per step
        // by rebuilding from saved state.
        const double epsKeras = 1e-4, b2 = 0.999;
        var wk = NewParameter();
        var keras = new AdamW([wk], new AdamWOptions(0.01) { Epsilon = epsKeras, KerasEpsilon = true });
        var wt = NewParameter();
        OptimizerState? state = null;
        for (int t = 1; t <= 10; t++)
        {
            QuadraticGradient(wk);
            keras.Step();
            var torch = new AdamW([wt], new AdamWOptions(0.01) { Epsilon = epsKeras / Math.Sqrt(1 - Math.Pow(b2, t)) });
            if (state is not null)
            {
                torch.Load(state);
            }

            QuadraticGradient(wt);
            torch.Step();
            state = torch.Save();
        }

        for (int i = 0; i < wk.Length; i++)
        {
            Assert.True(Math.Abs(wk.Value[i] - wt.Value[i]) <= 2e-5 * Math.Max(1, Math.Abs(wt.Value[i])), $"[{i}] {wk.Value[i]} vs {wt.Value[i]}");
        }
    }

    private static float TwoSteps(bool keras, bool nesterov)
    {
        var w = new Parameter("w", [1f], 1);
        var sgd = new Sgd([w], new SgdOptions(0.1) { Momentum = 0.9, Nesterov = nesterov, KerasMomentum = keras });
        w.Grad[0] = 1f;
        sgd.Step();
        sgd.Groups[0].LearningRate = 0.05;
        w.Grad[0] = 0.5f;
        sgd.Step();
        return w.Value[0];
    }

    private static Parameter NewParameter() => new("w", [1f, -2f, 0.5f, 3f], 4);

    private static void QuadraticGradient(Parameter w)
    {
        for (int i = 0; i < w.Length; i++)
        {
            w.Grad[i] = ((1 + i) * w.Value[i]) + 0.1f;
        }
    }

    private static float[] Quadratic(Func<IReadOnlyList<Parameter>, IOptimizer> create)
    {
        var w = NewParameter();
        IOptimizer optimizer = create([w]);
        for (int t = 0; t < 20; t++)
        {
            QuadraticGradient(w);
            optimizer.Step();
        }

        return w.Value;
    }
}
