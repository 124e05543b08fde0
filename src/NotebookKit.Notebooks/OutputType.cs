namespace NotebookKit.Notebooks;

/// <summary>The nbformat <c>output_type</c> of a code-cell output.</summary>
public enum OutputType
{
    /// <summary><c>"stream"</c>: text written to stdout or stderr.</summary>
    Stream,

    /// <summary><c>"display_data"</c>: a value shown with <c>display(...)</c>.</summary>
    DisplayData,

    /// <summary><c>"execute_result"</c>: the value of the cell's trailing expression.</summary>
    ExecuteResult,

    /// <summary><c>"error"</c>: the exception that stopped the cell.</summary>
    Error,
}
