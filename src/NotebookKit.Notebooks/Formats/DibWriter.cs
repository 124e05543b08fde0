using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// Writes the <c>.dib</c> format of Polyglot Notebooks: a <c>#!meta</c> block with the kernel info, then each
/// cell under its kernel's <c>#!name</c> line. No outputs (the format has none); ids, tags and other metadata go into
/// <c>#!meta</c> (<see cref="DibExtension"/>), so <c>.ipynb → .dib → .ipynb</c> gives the same notebook.
/// </summary>
internal static partial class DibWriter
{
    /// <summary>The .dib text of <paramref name="notebook"/>.</summary>
    public static string Write(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var copy = notebook.Clone();
        KernelMetadata.Apply(copy);
        foreach (var cell in copy.Cells)
        {
            KernelMetadata.ApplyToCell(cell);
        }

        var meta = new JsonObject { ["kernelInfo"] = copy.Metadata["polyglot_notebook"]?["kernelInfo"]?.DeepClone() };
        if (DibExtension.Describe(copy, Implied) is { } extension)
        {
            meta[DibExtension.Key] = extension;
        }

        string defaultKernel = KernelMetadata.DefaultKernel(copy);
        var text = new StringBuilder("#!meta\n\n").Append(PercentSyntax.Json(NotebookWriter.Sorted(meta))).Append("\n\n");
        for (int i = 0; i < copy.Cells.Count; i++)
        {
            var cell = copy.Cells[i];
            string kernel = cell.CellType switch
            {
                CellType.Markdown => "markdown",
                CellType.Raw => "raw",
                _ => KernelMetadata.CellKernel(cell, defaultKernel),
            };
            var (_, body, _) = PercentSyntax.SplitEdges(cell.Source);
            text.Append("#!").Append(kernel).Append("\n\n").AppendJoin('\n', body.Where(l => !IsSeparator(l))).Append("\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The metadata a .dib reader gives a cell by itself (nothing to record when a cell has exactly this).</summary>
    private static JsonObject Implied(NotebookCell cell)
    {
        if (cell.CellType != CellType.Code)
        {
            return [];
        }

        string kernel = KernelMetadata.CellKernel(cell, "csharp");
        return new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = kernel },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel },
        };
    }

    /// <summary>True for a line that DibReader splits cells at (a kernel chooser such as <c>#!csharp</c>).</summary>
    public static bool IsSeparator(string line) => Separator().IsMatch(line);

    // The lines DibReader splits cells at.
    [GeneratedRegex(@"^#!(meta|raw|csharp|c#|C#|cs|fsharp|f#|F#|pwsh|powershell|markdown|md|javascript|js|html|sql|kql|mermaid|value|http)\s*$")]
    private static partial Regex Separator();
}
