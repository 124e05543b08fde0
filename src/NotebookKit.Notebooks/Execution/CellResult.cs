namespace NotebookKit.Notebooks.Execution;

/// <summary>How a cell ended inside the worker (the supervisor turns it into an <see cref="ExecutionOutcome"/>).</summary>
/// <param name="Status">Ran to its end, failed, or stopped by a cancellation the supervisor asked for.</param>
/// <param name="Summary">One line naming the cell and the failure; null unless failed.</param>
/// <param name="ErrorName">The error's name (exception type short name, <c>CompilationError</c>, ...); null unless failed.</param>
internal sealed record CellResult(CellStatus Status, string? Summary, string? ErrorName)
{
    public static readonly CellResult Ok = new(CellStatus.Ok, null, null);

    public static readonly CellResult Cancelled = new(CellStatus.Cancelled, null, null);
}
