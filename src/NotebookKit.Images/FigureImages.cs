using NotebookKit.Files;
using NotebookKit.Plotting;

namespace NotebookKit.Images;

/// <summary>
/// One-call PNG/SVG export through headless Chromium. Each call starts and closes a browser (about a second);
/// for many figures, keep one <see cref="FigureImageExporter"/> instead.
/// </summary>
public static class FigureImages
{
    /// <summary>The figure as PNG bytes, <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="BrowserNotFoundException">No Chromium was found.</exception>
    public static async Task<byte[]> ToPngAsync(Figure figure, int width, int height, double scale = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figure);
        string json = figure.ToJson();
        await using FigureImageExporter exporter = await FigureImageExporter.StartAsync().ConfigureAwait(false);
        return await exporter.ToPngAsync(json, width, height, scale, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>plotly.js figure JSON (<c>{"data", "layout", "config"}</c>, e.g. a notebook's plotly mime output) as PNG bytes.</summary>
    /// <exception cref="BrowserNotFoundException">No Chromium was found.</exception>
    public static async Task<byte[]> ToPngAsync(string plotlyJson, int width, int height)
    {
        await using FigureImageExporter exporter = await FigureImageExporter.StartAsync().ConfigureAwait(false);
        return await exporter.ToPngAsync(plotlyJson, width, height).ConfigureAwait(false);
    }

    /// <summary>The figure as SVG text.</summary>
    /// <exception cref="BrowserNotFoundException">No Chromium was found.</exception>
    public static async Task<string> ToSvgAsync(Figure figure, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figure);
        string json = figure.ToJson();
        await using FigureImageExporter exporter = await FigureImageExporter.StartAsync().ConfigureAwait(false);
        return await exporter.ToSvgAsync(json, width, height, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>plotly.js figure JSON as SVG text.</summary>
    /// <exception cref="BrowserNotFoundException">No Chromium was found.</exception>
    public static async Task<string> ToSvgAsync(string plotlyJson, int width, int height)
    {
        await using FigureImageExporter exporter = await FigureImageExporter.StartAsync().ConfigureAwait(false);
        return await exporter.ToSvgAsync(plotlyJson, width, height).ConfigureAwait(false);
    }

    /// <summary>Writes the figure as a PNG file (temp file + rename: never half-written).</summary>
    /// <exception cref="BrowserNotFoundException">No Chromium was found.</exception>
    public static async Task SavePngAsync(Figure figure, string path, int width, int height, double scale = 1, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] png = await ToPngAsync(figure, width, height, scale, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(path, png, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the figure as an SVG file (temp file + rename).</summary>
    /// <exception cref="BrowserNotFoundException">No Chromium was found.</exception>
    public static async Task SaveSvgAsync(Figure figure, string path, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string svg = await ToSvgAsync(figure, width, height, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(path, System.Text.Encoding.UTF8.GetBytes(svg), cancellationToken).ConfigureAwait(false);
    }

    internal static Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(AtomicFile.FullPathInExistingFolder(path, "write"), bytes, cancellationToken);
}
