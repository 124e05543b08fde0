using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Formats;

/// <summary>Where a cell of a lesson source lies: its index in the notebook and its first and last 1-based lines.</summary>
/// <param name="CellIndex">The cell's 0-based index in the notebook.</param>
/// <param name="MarkerLine">The line of its <c>// %%</c> marker.</param>
/// <param name="LastLine">Its last line (the line before the next marker, or the file's last line).</param>
internal sealed record PercentCellSpan(int CellIndex, int MarkerLine, int LastLine);

/// <summary>Reads the <c>.cs</c> percent format (see <see cref="PercentSyntax"/>) into a notebook.</summary>
internal static class PercentReader
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="name"/> (the file name without extension) derives cell ids.</summary>
    /// <exception cref="InvalidDataException">The text breaks a rule; the message names the line.</exception>
    public static Notebook Parse(string text, string name) => Read(text, name, out _);

    /// <summary>Parses and also says which lines each cell came from (a file-based app attributes outputs with it).</summary>
    public static Notebook Read(string text, string name, out IReadOnlyList<PercentCellSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var header = new List<(int, string)>();
        var raw = new List<(int Marker, string Options, List<string> Body)>();
        for (int i = 0; i < count; i++)
        {
            var marker = PercentSyntax.Marker().Match(lines[i]);
            if (marker.Success)
            {
                raw.Add((i + 1, marker.Groups[1].Value, []));
            }
            else if (raw.Count == 0)
            {
                header.Add((i + 1, lines[i]));
            }
            else
            {
                raw[^1].Body.Add(lines[i]);
            }
        }

        if (raw.Count == 0)
        {
            throw new InvalidDataException($"{name}.cs has no cell: a cell starts at a line '// %%' (code) or '// %% [markdown]'.");
        }

        var notebook = Notebook.Create();
        ReadNotebookMetadata(header, notebook, name);
        var result = new List<PercentCellSpan>();
        for (int c = 0; c < raw.Count; c++)
        {
            var (markerLine, options, body) = raw[c];
            string where = $"{name}.cs:{markerLine}";
            var (type, attributes) = ParseMarker(options, where);
            var (start, end) = NonBlankRange(body);
            var cellLines = body.GetRange(start, end - start);
            string source = type == CellType.Code
                ? string.Join('\n', FileAppParameters.RemoveRegions([.. cellLines.Select(Unescape)], where))
                : string.Join('\n', cellLines.Select((l, k) => Uncomment(l, $"{name}.cs:{markerLine + 1 + start + k}")));

            var cell = new NotebookCell(type, source, PercentSyntax.DerivedId(name, c));
            Apply(cell, attributes, where);
            KernelMetadata.ApplyToCell(cell);
            notebook.Cells.Add(cell);
            int last = c + 1 < raw.Count ? raw[c + 1].Marker - 1 : count;
            result.Add(new PercentCellSpan(c, markerLine, last));
        }

        var references = FileAppHeader.ToReferences(header, $"{name}.cs");
        if (references.Count > 0)
        {
            var first = notebook.Cells.FirstOrDefault(c => c.CellType == CellType.Code)
                ?? throw new InvalidDataException($"{name}.cs: the header loads {references[0]} but there is no code cell to load it in.");
            first.Source = first.Source.Length == 0 ? string.Join('\n', references) : string.Join('\n', references) + "\n" + first.Source;
        }

        spans = result;
        return notebook;
    }

    private static void ReadNotebookMetadata(List<(int Number, string Text)> header, Notebook notebook, string name)
    {
        int open = header.FindIndex(h => h.Text.TrimEnd() == PercentSyntax.HeaderFence);
        if (open < 0)
        {
            return;
        }

        int close = header.FindIndex(open + 1, h => h.Text.TrimEnd() == PercentSyntax.HeaderFence);
        if (close < 0)
        {
            throw new InvalidDataException($"{name}.cs:{header[open].Number}: the notebook metadata opened by '// ---' is not closed by another '// ---'.");
        }

        var json = new StringBuilder();
        for (int i = open + 1; i < close; i++)
        {
            string line = header[i].Text;
            json.Append(i == open + 1
                ? line.StartsWith(PercentSyntax.NotebookMetadataPrefix, StringComparison.Ordinal)
                    ? line[PercentSyntax.NotebookMetadataPrefix.Length..]
                    : throw new InvalidDataException($"{name}.cs:{header[i].Number}: notebook metadata is one line '{PercentSyntax.NotebookMetadataPrefix}{{...}}' between '// ---' lines.")
                : Uncomment(line, $"{name}.cs:{header[i].Number}")).Append('\n');
        }

        try
        {
            notebook.Metadata = JsonNode.Parse(json.ToString()) as JsonObject
                ?? throw new InvalidDataException($"{name}.cs:{header[open + 1].Number}: the notebook metadata must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{name}.cs:{header[open + 1].Number}: the notebook metadata is not valid JSON: {e.Message}", e);
        }

        header.RemoveRange(open, close - open + 1);
    }

    /// <summary>'[markdown] tags=["a"] id="x"' -> the cell type and its options.</summary>
    private static (CellType Type, List<(string Key, JsonNode? Value)> Options) ParseMarker(string text, string where)
    {
        var type = CellType.Code;
        string rest = text.Trim();
        foreach (var (word, kind) in new[] { ("[markdown]", CellType.Markdown), ("[md]", CellType.Markdown), ("[raw]", CellType.Raw) })
        {
            if (rest.StartsWith(word, StringComparison.Ordinal))
            {
                type = kind;
                rest = rest[word.Length..].TrimStart();
            }
        }

        var options = new List<(string, JsonNode?)>();
        while (rest.Length > 0)
        {
            int equals = rest.IndexOf('=', StringComparison.Ordinal);
            string key = equals > 0 ? rest[..equals] : rest.Split(' ')[0];
            if (equals <= 0 || !PercentSyntax.OptionName().IsMatch(key))
            {
                throw new InvalidDataException(
                    $"{where}: a cell marker is '// %%', '// %% [markdown]' or '// %% [raw]', optionally followed by key=JSON options such as tags=[\"parameters\"]; cannot read '{rest}'.");
            }

            var bytes = Encoding.UTF8.GetBytes(rest[(equals + 1)..]);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
            JsonNode? value;
            try
            {
                value = JsonNode.Parse(ref reader);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{where}: the value of option '{key}' is not JSON (write tags=[\"parameters\"], id=\"abc\"): {e.Message}", e);
            }

            options.Add((key, value));
            rest = Encoding.UTF8.GetString(bytes.AsSpan((int)reader.BytesConsumed)).TrimStart();
        }

        return (type, options);
    }

    private static void Apply(NotebookCell cell, List<(string Key, JsonNode? Value)> options, string where)
    {
        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case PercentSyntax.IdOption:
                    cell.Id = value is JsonValue v && v.TryGetValue(out string? id) ? id : throw new InvalidDataException($"{where}: id must be a JSON string, e.g. id=\"a1b2c3d4\".");
                    break;
                case PercentSyntax.AttachmentsOption:
                    cell.Attachments = value as JsonObject ?? throw new InvalidDataException($"{where}: attachments must be a JSON object.");
                    break;
                case PercentSyntax.BlankLinesOption:
                    if (value is not JsonArray { Count: 2 } counts || counts.Any(n => n is not JsonValue j || !j.TryGetValue(out int k) || k < 0))
                    {
                        throw new InvalidDataException($"{where}: blank_lines is [leading, trailing], two counts of blank lines, e.g. blank_lines=[0,1].");
                    }

                    cell.Source = PercentSyntax.JoinEdges((int)counts[0]!, cell.Source.Length == 0 ? [] : cell.Source.Split('\n'), (int)counts[1]!);
                    break;
                case PercentSyntax.MetadataOption:
                    cell.Metadata = value as JsonObject ?? throw new InvalidDataException($"{where}: metadata must be a JSON object.");
                    break;
                default:
                    cell.Metadata[key] = value;
                    break;
            }
        }
    }

    /// <summary>The lines between the blank lines at the start and end of a cell (those separate cells).</summary>
    private static (int Start, int End) NonBlankRange(List<string> lines)
    {
        int start = 0, end = lines.Count;
        while (start < end && lines[start].Trim().Length == 0)
        {
            start++;
        }

        while (end > start && lines[end - 1].Trim().Length == 0)
        {
            end--;
        }

        return (start, end);
    }

    private static string Uncomment(string line, string where)
    {
        if (line.StartsWith("// ", StringComparison.Ordinal))
        {
            return line[3..];
        }

        if (line.StartsWith("//", StringComparison.Ordinal))
        {
            return line[2..];
        }

        return line.Trim().Length == 0 ? "" : throw new InvalidDataException($"{where}: every line of a markdown or raw cell starts with '// ', got '{line}'.");
    }

    /// <summary>'// #r ...' in a code cell is the notebook's '#r ...' (one level of escaping removed).</summary>
    private static string Unescape(string line)
    {
        if (line.StartsWith("// ", StringComparison.Ordinal) && PercentSyntax.Escaped().IsMatch(line[3..]))
        {
            return line[3..];
        }

        return line.StartsWith("//", StringComparison.Ordinal) && PercentSyntax.Escaped().IsMatch(line[2..]) ? line[2..] : line;
    }
}
