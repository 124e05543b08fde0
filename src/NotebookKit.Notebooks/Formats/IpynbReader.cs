using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Formats;

/// <summary>Reads nbformat 4 JSON, tolerating the variants older .NET Interactive and Jupyter writers produced (legacy kernel metadata, unknown output types).</summary>
internal static class IpynbReader
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static Notebook Parse(string json)
    {
        if (JsonNode.Parse(json, documentOptions: Options) is not JsonObject root)
        {
            throw new InvalidDataException("a notebook must be a JSON object with \"cells\".");
        }

        int major = root["nbformat"] is JsonValue v && v.TryGetValue(out int n) ? n : 4;
        if (major != 4)
        {
            throw new InvalidDataException($"nbformat {major} is not supported; only nbformat 4 notebooks can be read.");
        }

        if (root["cells"] is not JsonArray cells)
        {
            throw new InvalidDataException("the notebook has no \"cells\" array.");
        }

        var notebook = new Notebook { Metadata = root["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : [] };

        // Legacy files carry a top-level kernelInfo: fold it into polyglot_notebook so the default kernel is kept.
        if (root["kernelInfo"] is JsonObject legacy && notebook.Metadata["polyglot_notebook"] is null)
        {
            notebook.Metadata["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = legacy.DeepClone() };
        }

        int index = 0;
        foreach (var node in cells)
        {
            index++;
            if (node is not JsonObject cell)
            {
                throw new InvalidDataException($"cell {index} is not a JSON object.");
            }

            notebook.Cells.Add(ReadCell(cell, index));
        }

        return notebook;
    }

    private static NotebookCell ReadCell(JsonObject cell, int index)
    {
        string typeName = cell["cell_type"]?.GetValue<string>() ?? throw new InvalidDataException($"cell {index} has no \"cell_type\".");
        var type = typeName switch
        {
            "code" => CellType.Code,
            "markdown" => CellType.Markdown,
            "raw" => CellType.Raw,
            _ => throw new InvalidDataException($"cell {index} has cell_type \"{typeName}\"; expected code, markdown or raw."),
        };
        var result = new NotebookCell(type, MultilineText(cell["source"]), cell["id"]?.GetValue<string>())
        {
            Metadata = cell["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : [],
            ExecutionCount = cell["execution_count"] is JsonValue c && c.TryGetValue(out int count) ? count : null,
            Attachments = type != CellType.Code && cell["attachments"] is JsonObject a ? (JsonObject)a.DeepClone() : null,
        };
        if (type == CellType.Code && cell["outputs"] is JsonArray outputs)
        {
            foreach (var output in outputs.OfType<JsonObject>())
            {
                if (ReadOutput(output) is { } o)
                {
                    result.Outputs.Add(o);
                }
            }
        }

        return result;
    }

    private static CellOutput? ReadOutput(JsonObject output)
    {
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                return CellOutput.Stream(output["name"]?.GetValue<string>() ?? "stdout", MultilineText(output["text"]));
            case "error":
                return CellOutput.Error(
                    output["ename"]?.GetValue<string>() ?? "Error",
                    output["evalue"]?.GetValue<string>() ?? "",
                    output["traceback"] is JsonArray tb ? tb.Select(t => t?.GetValue<string>() ?? "") : []);
            case "display_data":
            case "execute_result":
                var data = (output["data"] as JsonObject ?? []).Select(p => new KeyValuePair<string, object>(p.Key, MimeValue(p.Key, p.Value)));
                var result = output["output_type"]!.GetValue<string>() == "display_data"
                    ? CellOutput.Display(data)
                    : CellOutput.Result(data, output["execution_count"] is JsonValue c && c.TryGetValue(out int n) ? n : null);
                if (output["metadata"] is JsonObject meta)
                {
                    foreach (var (key, value) in meta)
                    {
                        result.Metadata[key] = value?.DeepClone();
                    }
                }

                return result;
            default:
                // Old serializers wrote "output_type": "unknown": such outputs carry nothing we can show.
                return null;
        }
    }

    /// <summary>JSON mime types stay JSON; text mime types may be a string or an array of lines.</summary>
    internal static object MimeValue(string mime, JsonNode? value) =>
        MimeTypes.IsJson(mime) && value is JsonObject or JsonArray
            ? (object)value.DeepClone()
            : MultilineText(value); // (object): JsonNode converts implicitly from string, which would type the branch as JsonNode

    /// <summary>nbformat "multiline string": a string, or an array of lines that keep their newlines.</summary>
    internal static string MultilineText(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue value when value.TryGetValue(out string? s) => s,
        _ => node.ToJsonString(),
    };
}
