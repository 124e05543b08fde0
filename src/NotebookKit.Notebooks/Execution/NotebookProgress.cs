namespace NotebookKit.Notebooks.Execution;

/// <summary>Progress of a run, reported before and after each code cell.</summary>
/// <param name="Notebook">The notebook's name.</param>
/// <param name="Cell">The cell's execution count: its <c>In [n]</c> label.</param>
/// <param name="CellCount">How many code cells the notebook runs (the last cell's <c>n</c> when all run).</param>
/// <param name="Status">Null while the cell starts; its status once it finished.</param>
/// <param name="Duration">The cell's wall time once it finished.</param>
public sealed record NotebookProgress(string Notebook, int Cell, int CellCount, CellRunStatus? Status, TimeSpan Duration)
{
    /// <summary>
    /// True when the finished cell stopped because a dataset cannot be had on this machine: the notebook is reported as
    /// skipped, not failed (<see cref="NotebookRunResult.SkipReason"/> says how to supply the data).
    /// </summary>
    public bool DataMissing { get; init; }
}
