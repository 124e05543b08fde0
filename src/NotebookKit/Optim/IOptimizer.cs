using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>An optimizer over named parameters in groups (PyTorch <c>torch.optim.Optimizer</c>).</summary>
/// <remarks>Schedulers see it as an <see cref="IScheduledOptimizer"/>: the same groups, as their learning-rate knobs.</remarks>
public interface IOptimizer : IScheduledOptimizer
{
    /// <summary>The parameter groups, in the order they were given (PyTorch <c>param_groups</c>).</summary>
    new IReadOnlyList<IParameterGroup> Groups { get; }

    /// <inheritdoc/>
    IReadOnlyList<ILearningRateGroup> IScheduledOptimizer.Groups => Groups;

    /// <summary>Updates every parameter from its gradient, with each group's current learning rate.</summary>
    void Step();

    /// <summary>Sets every parameter's gradient to zero.</summary>
    void ZeroGrad();

    /// <summary>Captures the optimizer's state (moment buffers by parameter name, step counts, group knobs).</summary>
    OptimizerState Save();

    /// <summary>Restores a state captured by <see cref="Save"/>; the next step continues exactly.</summary>
    void Load(OptimizerState state);
}
