using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks;

/// <summary>One cell of a notebook: its kind, source, metadata and (for code cells) outputs.</summary>
public sealed class NotebookCell
{
    /// <summary>Creates a cell.</summary>
    /// <param name="type">Markdown, code or raw.</param>
    /// <param name="source">The cell's text, lines joined with <c>\n</c>.</param>
    /// <param name="id">The nbformat 4.5 cell id; null gets a deterministic id when written.</param>
    public NotebookCell(CellType type, string source, string? id = null)
    {
        CellType = type;
        Source = source ?? "";
        Id = id;
    }

    /// <summary>The nbformat <c>cell_type</c>.</summary>
    public CellType CellType { get; }

    /// <summary>The nbformat 4.5 <c>id</c> (null until assigned).</summary>
    public string? Id { get; set; }

    /// <summary>The cell's text.</summary>
    public string Source { get; set; }

    /// <summary>The cell <c>metadata</c> object, kept as read (tags, kernel names, timings).</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>nbformat's <c>attachments</c> of a markdown or raw cell (images the markdown refers to as
    /// <c>attachment:name.png</c>), kept as read; null when the cell has none.</summary>
    public JsonObject? Attachments { get; set; }

    /// <summary>Outputs (code cells only).</summary>
    public List<CellOutput> Outputs { get; } = [];

    /// <summary>The nbformat <c>execution_count</c> (code cells; null when never run).</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>The cell's <c>metadata.tags</c>.</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? [.. tags.Select(t => t?.GetValue<string>() ?? "")] : [];

    /// <summary>True when <c>metadata.tags</c> contains <paramref name="tag"/>.</summary>
    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>A deep copy.</summary>
    public NotebookCell Clone()
    {
        var copy = new NotebookCell(CellType, Source, Id)
        {
            Metadata = (JsonObject)Metadata.DeepClone(),
            ExecutionCount = ExecutionCount,
            Attachments = (JsonObject?)Attachments?.DeepClone(),
        };
        copy.Outputs.AddRange(Outputs.Select(o => o.Clone()));
        return copy;
    }
}
