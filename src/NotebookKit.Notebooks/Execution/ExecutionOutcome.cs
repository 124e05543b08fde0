namespace NotebookKit.Notebooks.Execution;

/// <summary>How one cell's execution ended.</summary>
/// <param name="Status">Succeeded, failed, interrupted, timed out or crashed.</param>
/// <param name="Duration">Wall time from the start of the cell to its end.</param>
public sealed record ExecutionOutcome(ExecutionStatus Status, TimeSpan Duration)
{
    /// <summary>One line naming the cell and what went wrong ("Cell 3 failed: InvalidOperationException: ..."); null on success.</summary>
    public string? Error { get; init; }

    /// <summary>The error's name as in <see cref="ErrorEvent.Name"/> (e.g. <c>DatasetNotFoundException</c>); null on success.</summary>
    public string? ErrorName { get; init; }

    /// <summary>True when the worker had to be restarted (a crash, or a cell that ignored an interrupt or timeout): every
    /// variable of earlier cells is gone.</summary>
    public bool SessionRestarted { get; init; }

    /// <summary>True when the cell ran to its end.</summary>
    public bool Succeeded => Status == ExecutionStatus.Succeeded;
}
