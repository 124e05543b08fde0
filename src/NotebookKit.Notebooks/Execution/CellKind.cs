namespace NotebookKit.Notebooks.Execution;

/// <summary>What the runner does with a code cell after reading its magics.</summary>
internal enum CellKind
{
    /// <summary>C# code to execute.</summary>
    CSharp,

    /// <summary>A <c>#!markdown</c> cell: prose, not executed.</summary>
    Markdown,

    /// <summary>Nothing to run (empty, or only magics that need no code).</summary>
    Empty,
}
