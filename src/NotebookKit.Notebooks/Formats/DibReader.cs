using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Notebooks.Formats;

/// <summary>Reads the Polyglot Notebooks .dib format: cells separated by <c>#!kernel</c> lines, an optional <c>#!meta</c> block.</summary>
internal static partial class DibReader
{
    public static Notebook Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var notebook = Notebook.Create();
        string? kernel = null;
        JsonObject? extension = null;
        var body = new StringBuilder();
        foreach (string rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var header = Separator().Match(rawLine);
            if (header.Success)
            {
                Flush(notebook, kernel, body, ref extension);
                kernel = header.Groups[1].Value;
                continue;
            }

            body.Append(rawLine).Append('\n');
        }

        Flush(notebook, kernel, body, ref extension);
        DibExtension.Apply(notebook, extension);
        return notebook;
    }

    private static void Flush(Notebook notebook, string? kernel, StringBuilder body, ref JsonObject? extension)
    {
        string content = body.ToString().Trim('\n', '\r');
        body.Clear();
        if (kernel is null && content.Trim().Length == 0)
        {
            return;
        }

        if (kernel == "meta")
        {
            try
            {
                if (JsonNode.Parse(content) is JsonObject meta)
                {
                    if (meta["kernelInfo"] is JsonObject info)
                    {
                        notebook.Metadata["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = info.DeepClone() };
                    }

                    if (meta[DibExtension.Key] is JsonObject found)
                    {
                        // Applied once every cell is read: it describes the cells by position.
                        extension = (JsonObject)found.DeepClone();
                    }
                }
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"the #!meta block is not valid JSON: {e.Message}", e);
            }

            return;
        }

        if (kernel is "markdown" or "md")
        {
            notebook.Cells.Add(new NotebookCell(CellType.Markdown, content));
            return;
        }

        if (kernel == "raw")
        {
            notebook.Cells.Add(new NotebookCell(CellType.Raw, content));
            return;
        }

        var cell = new NotebookCell(CellType.Code, content);
        string name = KernelMetadata.Normalize(kernel ?? "csharp");
        cell.Metadata["dotnet_interactive"] = new JsonObject { ["language"] = name };
        cell.Metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = name };
        notebook.Cells.Add(cell);
    }

    // Kernel chooser lines (#!csharp, #!markdown, ...) start cells; #!time and other magics stay inside their cell.
    [GeneratedRegex(@"^#!(meta|raw|csharp|c#|C#|cs|fsharp|f#|F#|pwsh|powershell|markdown|md|javascript|js|html|sql|kql|mermaid|value|http)\s*$")]
    private static partial Regex Separator();
}
