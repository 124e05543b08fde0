using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Notebooks.Formats;

namespace NotebookKit.Notebooks;

/// <summary>
/// A notebook in memory: cells plus notebook metadata. Reads every .ipynb shape the .NET kernels and Jupyter
/// write (VS Code/Polyglot, Jupyter-hosted, legacy top-level <c>kernelInfo</c>, no metadata, source as a
/// string or as lines) and the .dib format.
/// </summary>
public sealed class Notebook
{
    /// <summary>The cells, in order.</summary>
    public List<NotebookCell> Cells { get; } = [];

    /// <summary>The notebook <c>metadata</c> object, kept as read.</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>The file the notebook was loaded from (null for one built in memory).</summary>
    public string? Path { get; set; }

    /// <summary>The notebook's file name without extension ("notebook" when built in memory).</summary>
    public string Name => Path is null ? "notebook" : System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The folder cells run in (the notebook's folder, like Jupyter; else the current directory).</summary>
    public string Directory => Path is null ? Environment.CurrentDirectory : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    /// <summary>Loads a <c>.ipynb</c>, <c>.dib</c> or <c>.cs</c> (percent format) file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a notebook; the message names the file and the rule.</exception>
    public static Notebook Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Notebook '{path}' does not exist.", path);
        }

        string text = File.ReadAllText(path);
        string extension = System.IO.Path.GetExtension(path);
        Notebook notebook;
        if (extension.Equals(".dib", StringComparison.OrdinalIgnoreCase))
        {
            notebook = DibReader.Parse(text);
        }
        else if (extension.Equals(".cs", StringComparison.OrdinalIgnoreCase))
        {
            notebook = PercentReader.Parse(text, System.IO.Path.GetFileNameWithoutExtension(path));
        }
        else
        {
            notebook = ParseIpynbText(text, path);
        }

        notebook.Path = System.IO.Path.GetFullPath(path);
        return notebook;
    }

    /// <summary>Parses .ipynb JSON text.</summary>
    /// <exception cref="InvalidDataException">The text is not nbformat 4 JSON.</exception>
    public static Notebook ParseIpynb(string json) => ParseIpynbText(json, "notebook");

    /// <summary>Parses .dib text (cells separated by <c>#!kernel</c> lines, no outputs).</summary>
    public static Notebook ParseDib(string text) => DibReader.Parse(text);

    /// <summary>Parses a C# file in the percent format (<c>// %%</c> cells).</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="name">The file's name without extension; cell ids without an explicit <c>id=</c> are derived from it.</param>
    /// <exception cref="InvalidDataException">The text breaks a rule of the format; the message names the line.</exception>
    public static Notebook ParsePercent(string text, string name) => PercentReader.Parse(text, name);

    /// <summary>A new empty C# notebook with the .NET kernel metadata.</summary>
    public static Notebook Create()
    {
        var notebook = new Notebook();
        KernelMetadata.Apply(notebook);
        return notebook;
    }

    /// <summary>A deep copy (same path).</summary>
    public Notebook Clone()
    {
        var copy = new Notebook { Metadata = (JsonObject)Metadata.DeepClone(), Path = Path };
        copy.Cells.AddRange(Cells.Select(c => c.Clone()));
        return copy;
    }

    private static Notebook ParseIpynbText(string json, string where)
    {
        try
        {
            return IpynbReader.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{where}' is not valid notebook JSON: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{where}': {e.Message}", e);
        }
    }
}
