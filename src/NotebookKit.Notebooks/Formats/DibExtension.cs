using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// What a <c>.dib</c> file cannot say by itself, kept in its <c>#!meta</c> JSON under one extra key: cell ids,
/// cell metadata (tags), markdown attachments and notebook metadata other than the kernel info. Polyglot Notebooks
/// reads only <c>kernelInfo</c> from <c>#!meta</c>, so the file still opens there.
/// </summary>
/// <remarks>
/// The cells are described by position. When the number of cells no longer matches (cells were added or removed
/// by hand in the .dib), the description is ignored and the cells get the defaults, as in any .dib.
/// </remarks>
internal static class DibExtension
{
    /// <summary>The key in the <c>#!meta</c> object.</summary>
    public const string Key = "notebook";

    /// <summary>Applies an extension read from <c>#!meta</c> to the cells and metadata of a parsed .dib.</summary>
    public static void Apply(Notebook notebook, JsonObject? extension)
    {
        if (extension is null)
        {
            return;
        }

        if (extension["metadata"] is JsonObject metadata)
        {
            var polyglot = notebook.Metadata["polyglot_notebook"]?.DeepClone();
            notebook.Metadata = (JsonObject)metadata.DeepClone();
            if (polyglot is not null)
            {
                notebook.Metadata["polyglot_notebook"] = polyglot;
            }
        }

        if (extension["cells"] is not JsonArray cells || cells.Count != notebook.Cells.Count)
        {
            return;
        }

        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject described)
            {
                continue;
            }

            var cell = notebook.Cells[i];
            if (described["id"] is JsonValue id && id.TryGetValue(out string? value))
            {
                cell.Id = value;
            }

            if (described["metadata"] is JsonObject cellMetadata)
            {
                cell.Metadata = (JsonObject)cellMetadata.DeepClone();
            }

            if (described["attachments"] is JsonObject attachments && cell.CellType != CellType.Code)
            {
                cell.Attachments = (JsonObject)attachments.DeepClone();
            }

            if (described["source"] is JsonValue source && source.TryGetValue(out string? text))
            {
                cell.Source = text;
            }
            else if (described[PercentSyntax.BlankLinesOption] is JsonArray { Count: 2 } blank
                     && blank[0] is JsonValue l && l.TryGetValue(out int leading) && blank[1] is JsonValue t && t.TryGetValue(out int trailing))
            {
                cell.Source = PercentSyntax.JoinEdges(leading, cell.Source.Length == 0 ? [] : cell.Source.Split('\n'), trailing);
            }
        }
    }

    /// <summary>The extension describing <paramref name="notebook"/>, or null when a plain .dib says everything.</summary>
    public static JsonObject? Describe(Notebook notebook, Func<NotebookCell, JsonObject> impliedMetadata)
    {
        var extension = new JsonObject();
        var metadata = (JsonObject)notebook.Metadata.DeepClone();
        metadata.Remove("polyglot_notebook");
        var defaults = (JsonObject)Notebook.Create().Metadata.DeepClone();
        defaults.Remove("polyglot_notebook");
        if (PercentSyntax.Json(NotebookWriter.Sorted(metadata)) != PercentSyntax.Json(NotebookWriter.Sorted(defaults)))
        {
            extension["metadata"] = NotebookWriter.Sorted(metadata);
        }

        var cells = new JsonArray();
        bool needed = false;
        foreach (var cell in notebook.Cells)
        {
            var described = new JsonObject();
            if (cell.Id is not null)
            {
                described["id"] = cell.Id;
                needed = true;
            }

            if (PercentSyntax.Json(NotebookWriter.Sorted(cell.Metadata)) != PercentSyntax.Json(NotebookWriter.Sorted(impliedMetadata(cell))))
            {
                described["metadata"] = NotebookWriter.Sorted(cell.Metadata);
                needed = true;
            }

            if (cell.CellType != CellType.Code && cell.Attachments is { } attachments)
            {
                described["attachments"] = NotebookWriter.Sorted(attachments);
                needed = true;
            }

            var (leading, body, trailing) = PercentSyntax.SplitEdges(cell.Source);
            if (body.Any(DibWriter.IsSeparator))
            {
                // The .dib shows the cell without its kernel lines (they would start new cells); the source is kept here.
                described["source"] = cell.Source;
                needed = true;
            }
            else if (leading > 0 || trailing > 0)
            {
                described[PercentSyntax.BlankLinesOption] = new JsonArray(leading, trailing);
                needed = true;
            }

            cells.Add(described);
        }

        if (needed)
        {
            extension["cells"] = cells;
        }

        return extension.Count == 0 ? null : extension;
    }
}
