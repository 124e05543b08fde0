namespace NotebookKit.Notebooks.Execution;

/// <summary>How a cell ended inside the worker.</summary>
internal enum CellStatus
{
    /// <summary>Ran to its end.</summary>
    Ok,

    /// <summary>Threw, did not compile, or could not run; an error event was sent.</summary>
    Failed,

    /// <summary>Stopped by the cancellation the supervisor asked for (interrupt or timeout); no error event was sent.</summary>
    Cancelled,
}
