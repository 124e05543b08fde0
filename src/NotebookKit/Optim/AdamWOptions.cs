using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>Options of <see cref="AdamW"/> (PyTorch <c>torch.optim.AdamW</c>): Adam's, with decoupled decay and λ = 0.01.</summary>
/// <param name="LearningRate">PyTorch <c>lr</c> (default 1e-3).</param>
/// <remarks>Rules: lr, eps, weight_decay ≥ 0; betas in [0, 1). Keras's AdamW default λ is 0.004, Optax's 1e-4.</remarks>
public sealed record AdamWOptions(double LearningRate = 1e-3) : IOptimizerOptions<AdamWOptions>
{
    /// <summary>First-moment decay β1 (PyTorch <c>betas[0]</c>, default 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Second-moment decay β2 (PyTorch <c>betas[1]</c>, default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>PyTorch <c>eps</c> (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>λ (PyTorch <c>weight_decay</c>, default 0.01): <c>p ← p·(1 − lr·λ)</c> before the Adam step.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>PyTorch <c>amsgrad</c>.</summary>
    public bool AmsGrad { get; init; }

    /// <summary>PyTorch <c>maximize</c>.</summary>
    public bool Maximize { get; init; }

    /// <summary>Decoupled (PyTorch AdamW, default) or Scheduled (decay × lr/initial_lr, the paper's η_t); L2 turns it into Adam.</summary>
    public WeightDecayMode WeightDecayMode { get; init; } = WeightDecayMode.Decoupled;

    /// <summary>Keras's epsilon-hat placement; see <see cref="AdamOptions.KerasEpsilon"/>.</summary>
    public bool KerasEpsilon { get; init; }

    /// <inheritdoc/>
    MomentumKind IOptimizerOptions.MomentumKind => MomentumKind.Beta1;

    /// <inheritdoc/>
    double IOptimizerOptions.InitialMomentum => Beta1;

    /// <inheritdoc/>
    public AdamWOptions WithWeightDecay(double weightDecay) => this with { WeightDecay = weightDecay };

    /// <inheritdoc/>
    public AdamWOptions WithLearningRate(double learningRate) => this with { LearningRate = learningRate };

    /// <inheritdoc/>
    public void Validate() => AdamCore.Validate(LearningRate, Epsilon, Beta1, Beta2, WeightDecay, WeightDecayMode);
}
