using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>Options of <see cref="Sgd"/> (PyTorch <c>torch.optim.SGD</c>, plus SGDW and Keras compatibility switches).</summary>
/// <param name="LearningRate">PyTorch <c>lr</c> (required in 1.13).</param>
/// <remarks>
/// Defaults are PyTorch 1.13's. Rules: lr, momentum, weight_decay ≥ 0; Nesterov needs momentum &gt; 0 and dampening 0.
/// </remarks>
public sealed record SgdOptions(double LearningRate) : IOptimizerOptions<SgdOptions>
{
    /// <summary>Heavy-ball momentum μ (PyTorch <c>momentum</c>, default 0); the knob CyclicLR/OneCycleLR cycle.</summary>
    public double Momentum { get; init; }

    /// <summary>PyTorch <c>dampening</c> (default 0): the new gradient enters the buffer scaled by 1 − dampening (not on the first step).</summary>
    public double Dampening { get; init; }

    /// <summary>λ (PyTorch <c>weight_decay</c>, default 0), applied as <see cref="WeightDecayMode"/> says.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Nesterov momentum (PyTorch <c>nesterov</c>, default false).</summary>
    public bool Nesterov { get; init; }

    /// <summary>Ascend instead of descend (PyTorch <c>maximize</c>); the gradient is negated before weight decay is added.</summary>
    public bool Maximize { get; init; }

    /// <summary>L2 (PyTorch SGD), Decoupled (SGDW, decay × lr) or Scheduled (decay × lr/initial_lr, the paper's η_t).</summary>
    public WeightDecayMode WeightDecayMode { get; init; } = WeightDecayMode.L2;

    /// <summary>
    /// Keras ≤ 2.10 legacy <c>decay</c> (default 0): time-based decay per update, <c>lr_t = lr / (1 + decay·iterations)</c>,
    /// where iterations counts updates already applied (so the first update uses lr). Same as PyTorch Adagrad's lr_decay.
    /// </summary>
    public double KerasDecay { get; init; }

    /// <summary>
    /// Keras velocity form (default false): <c>v = μ·v − lr·g; p += v</c> (Nesterov: <c>p += μ·v − lr·g</c>), with lr inside
    /// the velocity and v starting at 0. It equals PyTorch's form while lr is constant and differs when a schedule changes lr.
    /// Dampening must be 0.
    /// </summary>
    public bool KerasMomentum { get; init; }

    /// <inheritdoc/>
    MomentumKind IOptimizerOptions.MomentumKind => MomentumKind.Momentum;

    /// <inheritdoc/>
    double IOptimizerOptions.InitialMomentum => Momentum;

    /// <inheritdoc/>
    public SgdOptions WithWeightDecay(double weightDecay) => this with { WeightDecay = weightDecay };

    /// <inheritdoc/>
    public SgdOptions WithLearningRate(double learningRate) => this with { LearningRate = learningRate };

    /// <inheritdoc/>
    public void Validate()
    {
        OptimizerChecks.LearningRate(LearningRate);
        OptimizerChecks.NonNegative(Momentum, "momentum", "momentum");
        OptimizerChecks.NonNegative(WeightDecay, "weight_decay", "weight_decay");
        OptimizerChecks.NonNegative(KerasDecay, "keras_decay", "keras_decay");
        OptimizerChecks.Mode(WeightDecayMode);
        if (double.IsNaN(Dampening) || double.IsInfinity(Dampening))
        {
            throw new ArgumentException($"Invalid dampening value: {OptimizerChecks.Format(Dampening)} (dampening must be a finite number).", "dampening");
        }

        if (Nesterov && (Momentum <= 0 || Dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening (nesterov=True needs momentum > 0 and dampening = 0).", "nesterov");
        }

        if (KerasMomentum && Dampening != 0)
        {
            throw new ArgumentException("keras_momentum has no dampening: dampening must be 0.", "dampening");
        }
    }
}
