using NotebookKit.Nn;

namespace NotebookKit.Optim;

/// <summary>A group of parameters that share hyperparameters (PyTorch <c>optimizer.param_groups[i]</c>).</summary>
/// <remarks>
/// The learning rate (and the momentum knob) are the only mutable hyperparameters: schedulers write them
/// before each <see cref="IOptimizer.Step"/>. Everything else is immutable options.
/// </remarks>
public interface IParameterGroup
{
    /// <summary>The parameters this group updates.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The learning rate used by the next step (PyTorch <c>group['lr']</c>).</summary>
    double LearningRate { get; set; }

    /// <summary>Which hyperparameter <see cref="Momentum"/> stands for in this optimizer.</summary>
    MomentumKind MomentumKind { get; }

    /// <summary>
    /// SGD/RMSprop <c>momentum</c>, or Adam/AdamW <c>betas[0]</c>; cycled by CyclicLR and OneCycleLR.
    /// Setting it when <see cref="MomentumKind"/> is <see cref="MomentumKind.None"/> throws.
    /// </summary>
    double Momentum { get; set; }
}

/// <summary>What a parameter group's momentum knob controls.</summary>
public enum MomentumKind
{
    /// <summary>The optimizer has no momentum hyperparameter (Adagrad).</summary>
    None,

    /// <summary>Heavy-ball momentum (SGD, RMSprop: PyTorch <c>momentum</c>).</summary>
    Momentum,

    /// <summary>The first-moment decay of Adam-family optimizers (PyTorch <c>betas[0]</c>).</summary>
    Beta1,
}
