namespace NotebookKit.Schedules;

/// <summary>The built-in amplitude policies of cyclical learning rates (PyTorch <c>CyclicLR</c> <c>mode</c>).</summary>
public enum CyclicMode
{
    /// <summary><c>triangular</c>: constant amplitude.</summary>
    Triangular,

    /// <summary><c>triangular2</c>: the amplitude halves every cycle.</summary>
    Triangular2,

    /// <summary><c>exp_range</c>: the amplitude is scaled by γ^iteration.</summary>
    ExpRange,
}

/// <summary>What a custom cyclic scale function receives (PyTorch <c>CyclicLR</c> <c>scale_mode</c>).</summary>
public enum CyclicScaleMode
{
    /// <summary><c>cycle</c>: the 1-based cycle number.</summary>
    Cycle,

    /// <summary><c>iterations</c>: the step.</summary>
    Iterations,
}
