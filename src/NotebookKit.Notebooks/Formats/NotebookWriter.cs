using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Files;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// Writes nbformat 4.5 JSON the way the .NET writer does: one-space indent, UTF-8 without BOM, relaxed
/// escaping, every text field as an array of lines. Unlike the .NET writer, JSON mime types are stored as JSON
/// objects (nbformat requires it). Keys are sorted (as Jupyter does) so output is stable and diff-friendly.
/// </summary>
public static partial class NotebookWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The notebook as nbformat 4.5 JSON text (ends with a newline).</summary>
    /// <remarks>Cells without a valid id get one (see <see cref="AssignIds"/>); the C# kernel metadata is written.</remarks>
    public static string ToJson(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        AssignIds(notebook);
        KernelMetadata.Apply(notebook);
        var root = new JsonObject
        {
            ["cells"] = new JsonArray([.. notebook.Cells.Select(CellJson)]),
            ["metadata"] = Sorted(notebook.Metadata),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            root.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the notebook to <paramref name="path"/> (temp file + rename; UTF-8 without BOM).</summary>
    public static void Write(Notebook notebook, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllText(path, ToJson(notebook));
    }

    /// <summary>
    /// Gives every cell a valid, unique nbformat 4.5 id: existing valid ids are kept; others get 8 hex characters
    /// (the VS Code shape) from a hash of the cell's index and source, so the same notebook gets the same ids.
    /// </summary>
    public static void AssignIds(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Id is { } id && ValidId().IsMatch(id) && used.Add(id))
            {
                continue;
            }

            string candidate = HashId($"{i}\n{cell.Source}");
            for (int salt = 1; !used.Add(candidate); salt++)
            {
                candidate = HashId($"{i}\n{salt}\n{cell.Source}");
            }

            cell.Id = candidate;
        }
    }

    /// <summary>Splits text into nbformat lines: each keeps its <c>\n</c> except the last.</summary>
    public static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                array.Add(text[start..]);
                break;
            }

            array.Add(text[start..(end + 1)]);
            start = end + 1;
        }

        return array;
    }

    private static JsonObject CellJson(NotebookCell cell)
    {
        KernelMetadata.ApplyToCell(cell);
        var json = new JsonObject();
        if (cell.CellType != CellType.Code && cell.Attachments is { } attachments)
        {
            json["attachments"] = Sorted(attachments);
        }

        json["cell_type"] = cell.CellType switch { CellType.Code => "code", CellType.Markdown => "markdown", _ => "raw" };
        if (cell.CellType == CellType.Code)
        {
            json["execution_count"] = cell.ExecutionCount;
        }

        json["id"] = cell.Id;
        json["metadata"] = Sorted(cell.Metadata);
        if (cell.CellType == CellType.Code)
        {
            json["outputs"] = new JsonArray([.. cell.Outputs.Select(OutputJson)]);
        }

        json["source"] = Lines(cell.Source);
        return json;
    }

    private static JsonObject OutputJson(CellOutput output)
    {
        switch (output.OutputType)
        {
            case OutputType.Stream:
                return new JsonObject { ["name"] = output.Name, ["output_type"] = "stream", ["text"] = Lines(output.Text) };
            case OutputType.Error:
                return new JsonObject
                {
                    ["ename"] = output.ErrorName,
                    ["evalue"] = output.ErrorValue,
                    ["output_type"] = "error",
                    ["traceback"] = new JsonArray([.. output.Traceback.Select(t => (JsonNode?)t)]),
                };
            default:
                var data = new JsonObject();
                foreach (var (mime, value) in output.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    data[mime] = value switch
                    {
                        JsonNode node => Sorted(node),
                        string s when MimeTypes.IsJson(mime) => ParseOrText(s),
                        string s => Lines(s),
                        _ => Lines(value.ToString() ?? ""),
                    };
                }

                var json = new JsonObject { ["data"] = data };
                if (output.OutputType == OutputType.ExecuteResult)
                {
                    json["execution_count"] = output.ExecutionCount;
                }

                json["metadata"] = Sorted(output.Metadata);
                json["output_type"] = output.OutputType == OutputType.ExecuteResult ? "execute_result" : "display_data";
                return json;
        }
    }

    private static JsonNode? ParseOrText(string s)
    {
        try
        {
            return JsonNode.Parse(s);
        }
        catch (JsonException)
        {
            return Lines(s);
        }
    }

    /// <summary>A deep copy with object keys in ordinal order (stable output whatever order they were read in).</summary>
    internal static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static string HashId(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex ValidId();
}
