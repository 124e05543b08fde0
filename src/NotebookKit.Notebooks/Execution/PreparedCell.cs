namespace NotebookKit.Notebooks.Execution;

/// <summary>A code cell after its magics were read: the C# to run (magic lines blanked so line numbers stay cell-relative).</summary>
/// <param name="Kind">Run, render as markdown, or skip.</param>
/// <param name="Code">The C# source.</param>
/// <param name="Timed">True when the cell had <c>#!time</c>.</param>
/// <param name="UsesNotebookKit">True when the cell referenced the NotebookKit library (<c>#r "nuget: NotebookKit"</c> or a path to NotebookKit.dll).</param>
/// <param name="Error">Why the runner cannot honour the cell, or null.</param>
internal sealed record PreparedCell(CellKind Kind, string Code, bool Timed, bool UsesNotebookKit, string? Error)
{
    /// <summary>A line the runner shows in the cell's output before the cell's own (how a reference was resolved), or null.</summary>
    public string? Note { get; init; }
}
