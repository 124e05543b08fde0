namespace NotebookKit.Notebooks.Execution;

/// <summary>The result of one cell.</summary>
/// <param name="Number">The cell's 1-based position in the executed notebook (markdown cells count).</param>
/// <param name="Id">The cell id.</param>
/// <param name="Status">What happened.</param>
/// <param name="Duration">Wall time spent on the cell (zero when not run).</param>
/// <param name="Outputs">The cell's outputs (the error output last when it failed).</param>
public sealed record CellRunResult(int Number, string Id, CellRunStatus Status, TimeSpan Duration, IReadOnlyList<CellOutput> Outputs)
{
    /// <summary>The cell's execution count, its <c>In [n]</c> label (null for cells that did not run): the number progress
    /// lines, timing tables and error messages use.</summary>
    public int? ExecutionCount { get; init; }
}
