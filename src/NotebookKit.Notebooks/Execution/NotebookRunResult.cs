namespace NotebookKit.Notebooks.Execution;

/// <summary>The result of running a notebook: the executed notebook, per-cell results and the first error.</summary>
public sealed class NotebookRunResult
{
    internal NotebookRunResult(Notebook executed, IReadOnlyList<CellRunResult> cells, IReadOnlyDictionary<string, string> parameters,
        DateTimeOffset started, TimeSpan duration, string? error)
    {
        Executed = executed;
        Cells = cells;
        Parameters = parameters;
        Started = started;
        Duration = duration;
        Error = error;
    }

    /// <summary>The notebook with outputs, execution counts and timing metadata (write it with <see cref="Formats.NotebookWriter"/>).</summary>
    public Notebook Executed { get; }

    /// <summary>One result per cell of <see cref="Executed"/>, in order.</summary>
    public IReadOnlyList<CellRunResult> Cells { get; }

    /// <summary>The parameter overrides that were injected.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; }

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Duration { get; }

    /// <summary>A one-line summary of the first failure, naming the cell by its <c>In [n]</c> number (null when every cell succeeded).</summary>
    public string? Error { get; }

    /// <summary>Why the notebook was skipped rather than failed: a dataset it needs cannot be had here, and how to supply it.
    /// Null unless skipped.</summary>
    public string? SkipReason { get; init; }

    /// <summary>True when no cell failed.</summary>
    public bool Succeeded => Error is null;

    /// <summary>True when the notebook stopped only because its data cannot be had offline (see <see cref="SkipReason"/>).</summary>
    public bool Skipped => SkipReason is not null;

    /// <summary>The failing cell, if any.</summary>
    public CellRunResult? FailedCell => Cells.FirstOrDefault(c => c.Status == CellRunStatus.Failed);
}
