namespace NotebookKit.Optim;

/// <summary>How an optimizer applies <c>weight_decay</c> (λ).</summary>
/// <remarks>
/// Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization" (ICLR 2019): L2 regularisation and weight decay are the
/// same thing for plain SGD but not with momentum or adaptive methods. With <see cref="L2"/>, λ·p joins the gradient
/// (and so the momentum and Adam's moments); the decoupled modes shrink p directly before the update.
/// </remarks>
public enum WeightDecayMode
{
    /// <summary>Coupled L2: <c>g ← g + λ·p</c> (PyTorch SGD, Adam, RMSprop, Adagrad <c>weight_decay</c>).</summary>
    L2,

    /// <summary>Decoupled, multiplied by the current lr: <c>p ← p·(1 − lr·λ)</c> (PyTorch AdamW; SGDW; Keras 3 <c>weight_decay</c>).</summary>
    Decoupled,

    /// <summary>
    /// Decoupled, following the schedule as the paper's η_t does: <c>p ← p·(1 − η_t·λ)</c> with
    /// <c>η_t = lr / initial_lr</c>, the schedule multiplier. λ here is the paper's λ, i.e. PyTorch's λ times the initial lr.
    /// </summary>
    Scheduled,
}
