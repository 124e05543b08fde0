using NotebookKit.Files;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// Converts notebooks between <c>.ipynb</c>, <c>.dib</c> and the <c>.cs</c> percent format. Cells, cell kinds, ids,
/// tags, cell and notebook metadata and markdown attachments survive every direction; outputs and execution counts
/// exist only in <c>.ipynb</c>.
/// </summary>
public static class NotebookConverter
{
    /// <summary>The format a file name stands for, from its extension.</summary>
    /// <exception cref="ArgumentException">The extension is not .ipynb, .dib or .cs.</exception>
    public static NotebookFormat FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ipynb" => NotebookFormat.Ipynb,
            ".dib" => NotebookFormat.Dib,
            ".cs" => NotebookFormat.Cs,
            var other => throw new ArgumentException($"'{path}' is not a notebook: the formats are .ipynb, .dib and .cs (percent format), not '{other}'.", nameof(path)),
        };
    }

    /// <summary>Parses a format name as the CLI's <c>--to</c> takes it (<c>ipynb</c>, <c>dib</c>, <c>cs</c>; a leading dot is allowed).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static NotebookFormat ParseFormat(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.TrimStart('.').ToLowerInvariant() switch
        {
            "ipynb" => NotebookFormat.Ipynb,
            "dib" => NotebookFormat.Dib,
            "cs" => NotebookFormat.Cs,
            _ => throw new ArgumentException($"'{name}' is not a notebook format; use ipynb, dib or cs.", nameof(name)),
        };
    }

    /// <summary>The file extension of a format, with its dot.</summary>
    public static string Extension(NotebookFormat format) => format switch
    {
        NotebookFormat.Ipynb => ".ipynb",
        NotebookFormat.Dib => ".dib",
        NotebookFormat.Cs => ".cs",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown notebook format."),
    };

    /// <summary>The text of <paramref name="notebook"/> in <paramref name="format"/>.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="format">The target format.</param>
    /// <param name="name">The target file's name without extension: cell ids in a .cs file are derived from it.</param>
    /// <exception cref="InvalidDataException">A cell cannot be represented (it holds a line the format reserves).</exception>
    public static string ToText(Notebook notebook, NotebookFormat format, string name)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return format switch
        {
            NotebookFormat.Ipynb => NotebookWriter.ToJson(notebook.Clone()),
            NotebookFormat.Dib => DibWriter.Write(notebook),
            NotebookFormat.Cs => PercentWriter.Write(notebook, name),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown notebook format."),
        };
    }

    /// <summary>Writes <paramref name="notebook"/> to <paramref name="path"/> in the format of its extension (temp file + rename).</summary>
    public static void Write(Notebook notebook, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text = ToText(notebook, FormatOf(path), Path.GetFileNameWithoutExtension(path));
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>How many code cells carry outputs or an execution count (which .dib and .cs do not keep).</summary>
    public static int CellsWithOutputs(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        return notebook.Cells.Count(c => c.Outputs.Count > 0 || c.ExecutionCount is not null);
    }
}
