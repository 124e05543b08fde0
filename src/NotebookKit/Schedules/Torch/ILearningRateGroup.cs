namespace NotebookKit.Schedules.Torch;

/// <summary>
/// The knobs of one optimizer parameter group that a scheduler turns (PyTorch <c>optimizer.param_groups[i]</c>): the
/// learning rate, the momentum or Adam β1, and the initial learning rate the first scheduler records.
/// </summary>
/// <remarks>
/// Declared here, beside the schedulers, so that they depend on nothing but this contract; optimizers' parameter groups
/// implement it. Everything else about a group (its parameters, its immutable options) is none of a scheduler's business.
/// </remarks>
public interface ILearningRateGroup
{
    /// <summary>The learning rate used by the next optimizer step (PyTorch <c>group['lr']</c>).</summary>
    /// <exception cref="ArgumentException">Set to a negative, NaN or infinite value.</exception>
    double LearningRate { get; set; }

    /// <summary>Which hyperparameter <see cref="Momentum"/> stands for in this optimizer.</summary>
    MomentumKind MomentumKind { get; }

    /// <summary>
    /// SGD/RMSprop <c>momentum</c>, or Adam/AdamW <c>betas[0]</c>; cycled by CyclicLR and OneCycleLR.
    /// Setting it when <see cref="MomentumKind"/> is <see cref="MomentumKind.None"/> throws.
    /// </summary>
    double Momentum { get; set; }

    /// <summary>
    /// PyTorch <c>group['initial_lr']</c>: null until a scheduler is attached. The first scheduler built on the group
    /// records the group's current rate (PyTorch <c>setdefault</c>), later ones reuse it, OneCycleLR overwrites it with
    /// <c>max_lr/div_factor</c>. SequentialLR and ChainedScheduler depend on this to reproduce PyTorch's numbers.
    /// </summary>
    /// <exception cref="ArgumentException">Set to a negative, NaN or infinite value.</exception>
    double? InitialLearningRate { get; set; }
}
