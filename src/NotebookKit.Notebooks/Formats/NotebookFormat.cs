namespace NotebookKit.Notebooks.Formats;

/// <summary>The notebook file formats the kit reads and writes.</summary>
public enum NotebookFormat
{
    /// <summary>Jupyter's nbformat 4.5 JSON (<c>.ipynb</c>), with outputs.</summary>
    Ipynb,

    /// <summary>Polyglot Notebooks' <c>.dib</c>: cells under <c>#!kernel</c> lines, no outputs.</summary>
    Dib,

    /// <summary>A C# file in Jupytext's percent format (<c>.cs</c>): <c>// %%</c> cells, runnable as a .NET 10 file-based app.</summary>
    Cs,
}
