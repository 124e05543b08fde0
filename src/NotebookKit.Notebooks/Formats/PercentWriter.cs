using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// Writes a notebook in the <c>.cs</c> percent format (see <see cref="PercentSyntax"/>): the file-based-app header
/// from the first code cell's <c>#r</c> lines, then one block per cell. Outputs and execution counts are not part of
/// the format; everything else (cell kinds, ids, tags, metadata, attachments, notebook metadata) is, so
/// <c>.ipynb → .cs → .ipynb</c> gives the same notebook.
/// </summary>
/// <remarks>
/// Blank lines at the start and end of a cell's source are not kept (blank lines separate cells). Ids equal to the
/// derived id (<see cref="PercentSyntax.DerivedId"/>) and the C# kernel metadata every code cell carries are implied,
/// so a lesson written by hand needs neither.
/// </remarks>
internal static class PercentWriter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        PercentSyntax.IdOption, PercentSyntax.AttachmentsOption, PercentSyntax.MetadataOption, PercentSyntax.BlankLinesOption,
    };

    /// <summary>The percent-format text of <paramref name="notebook"/>, named <paramref name="name"/> (ids derive from it).</summary>
    /// <exception cref="InvalidDataException">A cell holds a line the format reserves for cell markers.</exception>
    public static string Write(Notebook notebook, string name)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var copy = notebook.Clone();
        KernelMetadata.Apply(copy);
        var header = new List<string>();
        string defaults = PercentSyntax.Json(NotebookWriter.Sorted(Notebook.Create().Metadata));
        string metadata = PercentSyntax.Json(NotebookWriter.Sorted(copy.Metadata));
        if (metadata != defaults)
        {
            header.AddRange([PercentSyntax.HeaderFence, PercentSyntax.NotebookMetadataPrefix + metadata, PercentSyntax.HeaderFence]);
        }

        var blocks = new List<string>();
        bool firstCode = true, hosted = false;
        for (int i = 0; i < copy.Cells.Count; i++)
        {
            var cell = copy.Cells[i];
            var (leading, lines, trailing) = PercentSyntax.SplitEdges(cell.Source);
            if (cell.CellType == CellType.Code && firstCode)
            {
                firstCode = false;
                var directives = FileAppHeader.FromReferences(lines);
                hosted = directives.Contains(FileAppHeader.HostUsing);
                header.AddRange(directives);
                if (directives.Count > 0)
                {
                    // Blank lines right after the references are the start of what remains.
                    (leading, lines, int more) = PercentSyntax.SplitEdges(string.Join('\n', lines));
                    trailing += more;
                }
            }

            var block = new StringBuilder(Marker(cell, name, i, leading, trailing));
            string where = $"cell {i + 1} ({cell.CellType.ToString().ToLowerInvariant()})";
            if (cell.CellType == CellType.Code)
            {
                if (hosted && cell.HasTag(ParameterInjector.ParametersTag))
                {
                    lines.AddRange(FileAppParameters.Region(string.Join('\n', lines), name));
                }

                foreach (string line in lines)
                {
                    string written = PercentSyntax.Escaped().IsMatch(line) ? "// " + line : line;
                    Reject(written, where);
                    block.Append('\n').Append(written);
                }
            }
            else
            {
                foreach (string line in lines)
                {
                    // "%% x" would read as a marker after "// ": written "//%% x", which reads back the same.
                    string written = line.Length == 0 ? "//" : PercentSyntax.Marker().IsMatch("// " + line) ? "//" + line : "// " + line;
                    Reject(written, where);
                    block.Append('\n').Append(written);
                }
            }

            blocks.Add(block.Append('\n').ToString());
        }

        string cells = string.Join("\n", blocks);
        return header.Count == 0 ? cells : string.Join("\n", header) + "\n\n" + cells;
    }

    private static string Marker(NotebookCell cell, string name, int index, int leading, int trailing)
    {
        var marker = new StringBuilder("// %%");
        if (cell.CellType != CellType.Code)
        {
            marker.Append(cell.CellType == CellType.Markdown ? " [markdown]" : " [raw]");
        }

        var metadata = (JsonObject)cell.Metadata.DeepClone();
        if (cell.CellType == CellType.Code && PercentSyntax.IsDefaultKernelMetadata(metadata))
        {
            metadata.Remove("dotnet_interactive");
            metadata.Remove("polyglot_notebook");
        }

        if (metadata.Any(p => Reserved.Contains(p.Key) || !PercentSyntax.OptionName().IsMatch(p.Key)))
        {
            // A key that cannot stand as an option of its own: the whole metadata goes in one option.
            marker.Append(' ').Append(PercentSyntax.MetadataOption).Append('=').Append(PercentSyntax.Json(NotebookWriter.Sorted(cell.Metadata)));
        }
        else
        {
            foreach (var (key, value) in metadata.OrderBy(p => p.Key == "tags" ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                marker.Append(' ').Append(key).Append('=').Append(PercentSyntax.Json(NotebookWriter.Sorted(value)));
            }
        }

        if (cell.Id is { } id && id != PercentSyntax.DerivedId(name, index))
        {
            marker.Append(' ').Append(PercentSyntax.IdOption).Append('=').Append(PercentSyntax.Json(JsonValue.Create(id)));
        }

        if (leading > 0 || trailing > 0)
        {
            marker.Append(' ').Append(PercentSyntax.BlankLinesOption).Append('=').Append(PercentSyntax.Json(new JsonArray(leading, trailing)));
        }

        if (cell.CellType != CellType.Code && cell.Attachments is { } attachments)
        {
            marker.Append(' ').Append(PercentSyntax.AttachmentsOption).Append('=').Append(PercentSyntax.Json(NotebookWriter.Sorted(attachments)));
        }

        return marker.ToString();
    }

    private static void Reject(string line, string where)
    {
        if (PercentSyntax.Marker().IsMatch(line))
        {
            throw new InvalidDataException($"{where} has a line that reads as a cell marker in a .cs lesson source ('{line}'); change the line, e.g. '//%%'.");
        }
    }
}
