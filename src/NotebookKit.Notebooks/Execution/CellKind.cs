namespace NotebookKit.Notebooks.Execution;

/// <summary>What the runner does with a code cell after reading its magics.</summary>
internal enum CellKind
{
    /// <summary>C# code to execute.</summary>
    CSharp,

    /// <summary>A <c>#!markdown</c> cell: prose, not executed.</summary>
    Markdown,

    /// <summary>Nothing to run: a blank cell (a cell with only magics or references still runs, like any other).</summary>
    Empty,
}
