using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>Options of <see cref="Adagrad"/> (PyTorch <c>torch.optim.Adagrad</c>).</summary>
/// <param name="LearningRate">PyTorch <c>lr</c> (default 1e-2).</param>
/// <remarks>Rules: lr, lr_decay, weight_decay, initial_accumulator_value, eps ≥ 0.</remarks>
public sealed record AdagradOptions(double LearningRate = 1e-2) : IOptimizerOptions<AdagradOptions>
{
    /// <summary>Time-based decay (PyTorch <c>lr_decay</c>, default 0): <c>clr = lr/(1 + (t−1)·lr_decay)</c>.</summary>
    public double LearningRateDecay { get; init; }

    /// <summary>λ (PyTorch <c>weight_decay</c>, default 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>The accumulator's starting value (PyTorch <c>initial_accumulator_value</c>, default 0).</summary>
    public double InitialAccumulatorValue { get; init; }

    /// <summary>PyTorch <c>eps</c> (default 1e-10).</summary>
    public double Epsilon { get; init; } = 1e-10;

    /// <summary>PyTorch <c>maximize</c>.</summary>
    public bool Maximize { get; init; }

    /// <summary>How <see cref="WeightDecay"/> is applied (default L2, as PyTorch).</summary>
    public WeightDecayMode WeightDecayMode { get; init; } = WeightDecayMode.L2;

    /// <inheritdoc/>
    MomentumKind IOptimizerOptions.MomentumKind => MomentumKind.None;

    /// <inheritdoc/>
    double IOptimizerOptions.InitialMomentum => 0;

    /// <inheritdoc/>
    public AdagradOptions WithWeightDecay(double weightDecay) => this with { WeightDecay = weightDecay };

    /// <inheritdoc/>
    public AdagradOptions WithLearningRate(double learningRate) => this with { LearningRate = learningRate };

    /// <inheritdoc/>
    public void Validate()
    {
        OptimizerChecks.LearningRate(LearningRate);
        OptimizerChecks.NonNegative(LearningRateDecay, "lr_decay", "lr_decay");
        OptimizerChecks.NonNegative(WeightDecay, "weight_decay", "weight_decay");
        OptimizerChecks.NonNegative(InitialAccumulatorValue, "initial_accumulator_value", "initial_accumulator_value");
        OptimizerChecks.NonNegative(Epsilon, "eps", "epsilon");
        OptimizerChecks.Mode(WeightDecayMode);
    }
}
