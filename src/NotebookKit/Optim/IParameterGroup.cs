using NotebookKit.Nn;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Optim;

/// <summary>A group of parameters that share hyperparameters (PyTorch <c>optimizer.param_groups[i]</c>).</summary>
/// <remarks>
/// The learning rate (and the momentum knob) are the only mutable hyperparameters: schedulers write them, through the
/// <see cref="ILearningRateGroup"/> contract they declare, before each <see cref="IOptimizer.Step"/>. Everything else is
/// immutable options.
/// </remarks>
public interface IParameterGroup : ILearningRateGroup
{
    /// <summary>The parameters this group updates.</summary>
    IReadOnlyList<Parameter> Parameters { get; }
}
