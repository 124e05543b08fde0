namespace NotebookKit.Notebooks.Execution;

/// <summary>What happened to one cell in a run.</summary>
public enum CellRunStatus
{
    /// <summary>Not code (markdown, raw, a <c>#!markdown</c> cell) or blank: nothing to run, no <c>In [n]</c> number.</summary>
    NotCode,

    /// <summary>Ran without error.</summary>
    Succeeded,

    /// <summary>Threw, failed to compile, timed out, or used something the runner cannot honour.</summary>
    Failed,

    /// <summary>Not run because an earlier cell failed.</summary>
    NotRun,
}
