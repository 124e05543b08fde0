namespace NotebookKit.Notebooks;

/// <summary>The nbformat <c>cell_type</c> of a notebook cell.</summary>
public enum CellType
{
    /// <summary><c>"markdown"</c>: prose, rendered, never executed.</summary>
    Markdown,

    /// <summary><c>"code"</c>: executed by the runner (C# unless a kernel magic or metadata says otherwise).</summary>
    Code,

    /// <summary><c>"raw"</c>: kept as is, neither rendered nor executed.</summary>
    Raw,
}
