using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>Options of <see cref="Adam"/> (PyTorch <c>torch.optim.Adam</c>, plus the Keras epsilon placement).</summary>
/// <param name="LearningRate">PyTorch <c>lr</c> (default 1e-3).</param>
/// <remarks>Rules: lr, eps, weight_decay ≥ 0; betas in [0, 1).</remarks>
public sealed record AdamOptions(double LearningRate = 1e-3) : IOptimizerOptions<AdamOptions>
{
    /// <summary>First-moment decay β1 (PyTorch <c>betas[0]</c>, default 0.9); the knob cyclic schedules cycle.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Second-moment decay β2 (PyTorch <c>betas[1]</c>, default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>PyTorch <c>eps</c> (default 1e-8), added to the bias-corrected sqrt(v̂).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>λ (PyTorch <c>weight_decay</c>, default 0): L2 in the gradient unless <see cref="WeightDecayMode"/> says otherwise.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Use the running maximum of v (PyTorch <c>amsgrad</c>, Reddi et al. 2018).</summary>
    public bool AmsGrad { get; init; }

    /// <summary>Ascend instead of descend (PyTorch <c>maximize</c>).</summary>
    public bool Maximize { get; init; }

    /// <summary>L2 (PyTorch Adam, default), Decoupled (= AdamW) or Scheduled (the paper's η_t·λ).</summary>
    public WeightDecayMode WeightDecayMode { get; init; } = WeightDecayMode.L2;

    /// <summary>
    /// Keras's "epsilon-hat" placement (default false): <c>p −= lr·sqrt(1−β2^t)/(1−β1^t) · m/(sqrt(v) + ε)</c>, ε added to the
    /// uncorrected sqrt(v). Equivalent to PyTorch with <c>eps = ε/sqrt(1 − β2^t)</c>, which changes with t. Keras's default ε is 1e-7.
    /// </summary>
    public bool KerasEpsilon { get; init; }

    /// <inheritdoc/>
    MomentumKind IOptimizerOptions.MomentumKind => MomentumKind.Beta1;

    /// <inheritdoc/>
    double IOptimizerOptions.InitialMomentum => Beta1;

    /// <inheritdoc/>
    public AdamOptions WithWeightDecay(double weightDecay) => this with { WeightDecay = weightDecay };

    /// <inheritdoc/>
    public AdamOptions WithLearningRate(double learningRate) => this with { LearningRate = learningRate };

    /// <inheritdoc/>
    public void Validate() => AdamCore.Validate(LearningRate, Epsilon, Beta1, Beta2, WeightDecay, WeightDecayMode);
}
