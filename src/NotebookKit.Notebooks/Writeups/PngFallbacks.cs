using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Files;
using NotebookKit.Images;
using NotebookKit.Plotting;

namespace NotebookKit.Notebooks.Writeups;

/// <summary>
/// Adds, after each output carrying a Plotly figure, a separate display_data output with an image/png rendering
/// (headless Chromium through <see cref="FigureImageExporter"/>), so GitHub and other static viewers show the chart.
/// </summary>
/// <remarks>Separate, not in the same bundle: renderers prefer text/html over image/png within one bundle,
/// so a PNG beside the HTML would never show.</remarks>
public static class PngFallbacks
{
    /// <summary>Width in pixels when the figure's layout sets none.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Height in pixels when the figure's layout sets none (plotly's default height).</summary>
    public const int DefaultHeight = 450;

    /// <summary>The output metadata key marking a PNG this class added.</summary>
    public const string MetadataKey = "nbkit_png_fallback";

    /// <summary>Adds the PNG outputs in place; starts Chromium only when the notebook has a figure.</summary>
    /// <returns>How many PNG outputs were added.</returns>
    /// <exception cref="BrowserNotFoundException">No Chromium was found.</exception>
    public static async Task<int> AddAsync(Notebook notebook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var cells = notebook.Cells.Where(c => c.Outputs.Any(o => o.Data.ContainsKey(MimeTypes.Plotly))).ToList();
        if (cells.Count == 0)
        {
            return 0;
        }

        int added = 0;
        await using var exporter = await FigureImageExporter.StartAsync().ConfigureAwait(false);
        foreach (var cell in cells)
        {
            var outputs = cell.Outputs.Where(o => !IsFallback(o)).ToList();
            cell.Outputs.Clear();
            foreach (var output in outputs)
            {
                cell.Outputs.Add(output);
                if (output.TextOf(MimeTypes.Plotly) is not { } json)
                {
                    continue;
                }

                var layout = JsonNode.Parse(json)?["layout"];
                int width = Size(layout?["width"], DefaultWidth), height = Size(layout?["height"], DefaultHeight);
                byte[] png = await exporter.ToPngAsync(json, width, height, 1, cancellationToken).ConfigureAwait(false);
                var image = CellOutput.Display([new(MimeTypes.Png, Convert.ToBase64String(png))]);
                image.Metadata[MetadataKey] = true;
                image.Metadata[MimeTypes.Png] = new JsonObject { ["width"] = width, ["height"] = height };
                cell.Outputs.Add(image);
                added++;
            }
        }

        return added;
    }

    /// <summary>
    /// Writes each PNG this class added to <paramref name="folder"/> as <c>&lt;baseName&gt;-figure-01.png</c>, ... in
    /// notebook order (temp file + rename each), and removes numbered files of an earlier run beyond the new count.
    /// </summary>
    /// <returns>The paths written.</returns>
    /// <exception cref="ArgumentException">The folder is empty or the base name has a path separator.</exception>
    public static IReadOnlyList<string> WriteFiles(Notebook notebook, string folder, string baseName)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseName);
        if (baseName.IndexOfAny(['/', '\\']) >= 0)
        {
            throw new ArgumentException($"The PNG base name '{baseName}' must be a file name, not a path.", nameof(baseName));
        }

        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var output in notebook.Cells.SelectMany(c => c.Outputs).Where(IsFallback))
        {
            string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{baseName}-figure-{written.Count + 1:00}.png"));
            AtomicFile.WriteAllBytes(path, Convert.FromBase64String(output.TextOf(MimeTypes.Png)!.Replace("\n", "", StringComparison.Ordinal)));
            written.Add(path);
        }

        // A rerun with fewer charts must not leave the old run's extra images beside the new write-up.
        for (int n = written.Count + 1; File.Exists(Stale(n)); n++)
        {
            File.Delete(Stale(n));
        }

        return written;

        string Stale(int n) => Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{baseName}-figure-{n:00}.png"));
    }

    /// <summary>True for a PNG output this class added.</summary>
    public static bool IsFallback(CellOutput output) =>
        output?.Metadata[MetadataKey] is JsonValue v && v.TryGetValue(out bool flag) && flag;

    private static int Size(JsonNode? node, int fallback) =>
        node is JsonValue v && v.TryGetValue(out double d) && d >= 10 && d <= 10_000 ? (int)d : fallback;
}
