namespace NotebookKit.Schedules.Torch;

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
