namespace NotebookKit.Schedules.Torch;

/// <summary>An optimizer as a scheduler sees it: its parameter groups' knobs, in order (PyTorch <c>param_groups</c>).</summary>
/// <remarks>Every optimizer implements it (<c>NotebookKit.Optim.IOptimizer</c> extends it), so schedulers take any optimizer without depending on one.</remarks>
public interface IScheduledOptimizer
{
    /// <summary>The parameter groups, in the order they were given.</summary>
    IReadOnlyList<ILearningRateGroup> Groups { get; }
}
