namespace NotebookKit.Notebooks.Execution;

/// <summary>One cell to execute.</summary>
/// <param name="Code">The cell's source, magics included (<c>#!csharp</c>, <c>#!time</c>, <c>#r</c>, <c>#i</c>); line numbers
/// in diagnostics are relative to it.</param>
public sealed record ExecutionRequest(string Code)
{
    /// <summary>The cell's execution count (its <c>In [n]</c> label): stamped on its result and named in its error
    /// messages ("Cell 3 failed: ...").</summary>
    public int ExecutionCount { get; init; } = 1;

    /// <summary>The longest the cell may run; null for no limit. Past it the cell is stopped and fails with
    /// <see cref="ExecutionStatus.TimedOut"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The kernel the notebook's metadata gives this cell (<c>csharp</c> unless a notebook says otherwise); a
    /// chooser magic on the cell's first line wins over it.</summary>
    public string Kernel { get; init; } = "csharp";
}
