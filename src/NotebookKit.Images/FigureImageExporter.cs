using System.Text.Json;
using NotebookKit.Plotting;

namespace NotebookKit.Images;

/// <summary>
/// Renders figures to PNG or SVG in one headless Chromium (the system's, never a downloaded one) with plotly.js inlined,
/// so no network is used. Start once, export many, dispose: launching the browser costs about a second. The browser is
/// driven over the Chrome DevTools Protocol directly (<see cref="DevToolsBrowser"/>), so no driver ships with the kit.
/// </summary>
/// <remarks>Exports are serialised: one page, one <c>Plotly.toImage</c> at a time. Thread-safe.</remarks>
public sealed class FigureImageExporter : IAsyncDisposable
{
    /// <summary>Launch flags: no sandbox (containers, root), no GPU, no background or update traffic.</summary>
    public static readonly IReadOnlyList<string> LaunchArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly DevToolsBrowser browser;
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool disposed;

    private FigureImageExporter(DevToolsBrowser browser, string executablePath)
    {
        this.browser = browser;
        ExecutablePath = executablePath;
    }

    /// <summary>The Chromium executable in use.</summary>
    public string ExecutablePath { get; }

    /// <summary>Starts Chromium and loads plotly.js into a blank page.</summary>
    /// <param name="chromiumPath">A Chromium/Chrome executable; null to search (see <see cref="ChromiumLocator.Find"/>).</param>
    /// <exception cref="BrowserNotFoundException">No browser was found.</exception>
    public static async Task<FigureImageExporter> StartAsync(string? chromiumPath = null)
    {
        string executable = ChromiumLocator.Find(chromiumPath);
        var browser = await DevToolsBrowser.StartAsync(executable, LaunchArguments).ConfigureAwait(false);
        try
        {
            // No network: the page is blank and plotly.js comes from the library's embedded copy.
            await browser.EvaluateAsync(PlotlyJs.Script + "\n;typeof Plotly").ConfigureAwait(false);
            return new FigureImageExporter(browser, executable);
        }
        catch (InvalidOperationException e)
        {
            await browser.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"Could not load plotly.js into Chromium '{executable}' for figure export: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Renders <paramref name="figure"/> as a PNG of <paramref name="width"/> × <paramref name="height"/> CSS pixels times <paramref name="scale"/>.</summary>
    public Task<byte[]> ToPngAsync(Figure figure, int width, int height, double scale = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return ToPngAsync(figure.ToJson(), width, height, scale, cancellationToken);
    }

    /// <summary>Renders plotly.js figure JSON (<c>{"data", "layout", "config"}</c>) as a PNG.</summary>
    public async Task<byte[]> ToPngAsync(string plotlyJson, int width, int height, double scale = 1, CancellationToken cancellationToken = default)
    {
        string dataUrl = await RenderAsync(plotlyJson, ImageFormat.Png, width, height, scale, cancellationToken).ConfigureAwait(false);
        int comma = dataUrl.IndexOf(',', StringComparison.Ordinal);
        return Convert.FromBase64String(dataUrl[(comma + 1)..]);
    }

    /// <summary>Renders <paramref name="figure"/> as SVG text.</summary>
    public Task<string> ToSvgAsync(Figure figure, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return ToSvgAsync(figure.ToJson(), width, height, cancellationToken);
    }

    /// <summary>Renders plotly.js figure JSON as SVG text.</summary>
    public async Task<string> ToSvgAsync(string plotlyJson, int width, int height, CancellationToken cancellationToken = default)
    {
        string dataUrl = await RenderAsync(plotlyJson, ImageFormat.Svg, width, height, 1, cancellationToken).ConfigureAwait(false);
        int comma = dataUrl.IndexOf(',', StringComparison.Ordinal);
        // plotly.js returns "data:image/svg+xml,<percent-encoded svg>".
        return Uri.UnescapeDataString(dataUrl[(comma + 1)..]);
    }

    /// <summary>Closes the browser.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await browser.DisposeAsync().ConfigureAwait(false);
        gate.Dispose();
    }

    private async Task<string> RenderAsync(string plotlyJson, ImageFormat format, int width, int height, double scale, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plotlyJson);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 10);
        if (!(scale > 0 && scale <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be in (0, 10].");
        }

        CheckFigureJson(plotlyJson);
        ObjectDisposedException.ThrowIf(disposed, this);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string arguments = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["json"] = plotlyJson,
                ["format"] = format == ImageFormat.Png ? "png" : "svg",
                ["width"] = width,
                ["height"] = height,
                ["scale"] = scale,
            });
            string expression = $$"""
                (async (a) => {
                  const fig = JSON.parse(a.json);
                  return await Plotly.toImage(
                    { data: fig.data || [], layout: fig.layout || {}, config: fig.config || {} },
                    { format: a.format, width: a.width, height: a.height, scale: a.scale });
                })({{arguments}})
                """;
            return await browser.EvaluateAsync(expression, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("plotly.js returned no image.");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"plotly.js could not render the figure: {FirstLine(e.Message)}", e);
        }
        finally
        {
            gate.Release();
        }
    }

    private static void CheckFigureJson(string plotlyJson)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(plotlyJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("The plotly JSON must be an object {\"data\": [...], \"layout\": {...}}.", nameof(plotlyJson));
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The plotly JSON is not valid JSON: {e.Message}", nameof(plotlyJson), e);
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
