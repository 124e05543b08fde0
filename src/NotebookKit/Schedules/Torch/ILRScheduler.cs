namespace NotebookKit.Schedules.Torch;

/// <summary>
/// A PyTorch-style learning-rate scheduler attached to an optimizer: it writes each parameter group's
/// <see cref="ILearningRateGroup.LearningRate"/> (and, for cyclic schedules, its momentum or beta1).
/// </summary>
/// <remarks>
/// The loop is PyTorch's: <c>optimizer.Step(); scheduler.Step();</c>. The constructor applies the value for
/// epoch 0, exactly as <c>torch.optim.lr_scheduler</c> does.
/// </remarks>
public interface ILRScheduler : IScheduler
{
    /// <summary>The number of <see cref="Step()"/> calls so far (PyTorch <c>last_epoch</c>), 0 after construction.</summary>
    long LastEpoch { get; }

    /// <summary>Whether the scheduler is meant to be stepped once per batch (CyclicLR, OneCycleLR) or once per epoch.</summary>
    SchedulerInterval Interval { get; }

    /// <summary>Advances one step and writes the new values into the optimizer's parameter groups.</summary>
    void Step();
}

/// <summary>A scheduler driven by a monitored metric (PyTorch <c>ReduceLROnPlateau</c>).</summary>
public interface IMetricScheduler : IScheduler
{
    /// <summary>Reports the metric for the epoch just finished (PyTorch <c>scheduler.step(metrics)</c>).</summary>
    void Step(double metric);
}

/// <summary>What every scheduler attached to an optimizer has: the current rates and a saveable state.</summary>
public interface IScheduler
{
    /// <summary>The learning rate of every parameter group after the last step (PyTorch <c>get_last_lr()</c>).</summary>
    IReadOnlyList<double> LastLearningRates { get; }

    /// <summary>Captures everything needed to continue exactly (PyTorch <c>state_dict()</c>), as JSON.</summary>
    System.Text.Json.Nodes.JsonObject SaveState();

    /// <summary>Restores a state captured by <see cref="SaveState"/> (PyTorch <c>load_state_dict()</c>).</summary>
    void LoadState(System.Text.Json.Nodes.JsonObject state);
}

/// <summary>How often a scheduler is meant to be stepped.</summary>
public enum SchedulerInterval
{
    /// <summary>Once per epoch (StepLR, CosineAnnealingLR, ...).</summary>
    Epoch,

    /// <summary>Once per optimizer update (CyclicLR, OneCycleLR).</summary>
    Batch,
}
