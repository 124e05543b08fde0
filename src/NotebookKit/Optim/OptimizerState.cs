namespace NotebookKit.Optim;

/// <summary>An optimizer's complete state, keyed by parameter name (PyTorch <c>state_dict()</c>, but by name, not position).</summary>
/// <param name="Optimizer">The optimizer type, e.g. <c>AdamW</c>; loading into another type is refused.</param>
/// <param name="LearningRates">Each group's learning rate, in group order.</param>
/// <param name="Momenta">Each group's momentum knob (momentum or beta1), in group order.</param>
/// <param name="Steps">Per-parameter step counts (PyTorch <c>state[p]['step']</c>), by parameter name.</param>
/// <param name="Buffers">Named buffers such as <c>conv1.weight/exp_avg</c>, copied.</param>
public sealed record OptimizerState(
    string Optimizer,
    IReadOnlyList<double> LearningRates,
    IReadOnlyList<double> Momenta,
    IReadOnlyDictionary<string, long> Steps,
    IReadOnlyDictionary<string, float[]> Buffers);
