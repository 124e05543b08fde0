namespace NotebookKit.Notebooks.Execution;

/// <summary>How a notebook is run.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Overrides for the parameters cell (papermill <c>-p Name=value</c>), as the user wrote them.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The longest one cell may run; null for no limit.</summary>
    /// <remarks>On timeout the cell is recorded as failed with a <see cref="TimeoutException"/> and the notebook stops.
    /// The cell's code is asked to stop through cancellation; code that never awaits keeps running in the background.</remarks>
    public TimeSpan? CellTimeout { get; init; }
}
