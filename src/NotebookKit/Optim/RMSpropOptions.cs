using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>Options of <see cref="RMSprop"/> (PyTorch <c>torch.optim.RMSprop</c>).</summary>
/// <param name="LearningRate">PyTorch <c>lr</c> (default 1e-2; Keras uses 1e-3).</param>
/// <remarks>Rules: lr, alpha, eps, momentum, weight_decay ≥ 0.</remarks>
public sealed record RMSpropOptions(double LearningRate = 1e-2) : IOptimizerOptions<RMSpropOptions>
{
    /// <summary>Smoothing constant α (PyTorch <c>alpha</c>, default 0.99; Keras calls it <c>rho</c>, default 0.9).</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>PyTorch <c>eps</c> (default 1e-8), added outside the square root (Keras adds it inside).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>λ (PyTorch <c>weight_decay</c>, default 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>PyTorch <c>momentum</c> (default 0); the buffer accumulates <c>g/avg</c>, without lr.</summary>
    public double Momentum { get; init; }

    /// <summary>Normalise by the estimated variance instead of the raw second moment (PyTorch <c>centered</c>).</summary>
    public bool Centered { get; init; }

    /// <summary>PyTorch <c>maximize</c>.</summary>
    public bool Maximize { get; init; }

    /// <summary>How <see cref="WeightDecay"/> is applied (default L2, as PyTorch).</summary>
    public WeightDecayMode WeightDecayMode { get; init; } = WeightDecayMode.L2;

    /// <inheritdoc/>
    MomentumKind IOptimizerOptions.MomentumKind => MomentumKind.Momentum;

    /// <inheritdoc/>
    double IOptimizerOptions.InitialMomentum => Momentum;

    /// <inheritdoc/>
    public RMSpropOptions WithWeightDecay(double weightDecay) => this with { WeightDecay = weightDecay };

    /// <inheritdoc/>
    public RMSpropOptions WithLearningRate(double learningRate) => this with { LearningRate = learningRate };

    /// <inheritdoc/>
    public void Validate()
    {
        OptimizerChecks.LearningRate(LearningRate);
        OptimizerChecks.NonNegative(Epsilon, "eps", "epsilon");
        OptimizerChecks.NonNegative(Momentum, "momentum", "momentum");
        OptimizerChecks.NonNegative(WeightDecay, "weight_decay", "weight_decay");
        OptimizerChecks.NonNegative(Alpha, "alpha", "alpha");
        OptimizerChecks.Mode(WeightDecayMode);
    }
}
