namespace NotebookKit.Notebooks.Execution;

/// <summary>How a notebook is run.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Overrides for the parameters cell (papermill <c>-p Name=value</c>), as the user wrote them.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The longest one cell may run; null for no limit.</summary>
    /// <remarks>Past it the cell is stopped (cancellation checks in its loops and methods, cancellable sleeps and awaits, the
    /// library's long operations) and recorded as failed with a <see cref="TimeoutException"/> error; code that does not
    /// stop within a few seconds has its worker process killed.</remarks>
    public TimeSpan? CellTimeout { get; init; }
}
