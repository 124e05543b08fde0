using System.Text.RegularExpressions;
using NotebookKit.Files;

namespace NotebookKit.Plotting;

/// <summary>
/// The plotly.js bundle embedded in the library (npm <c>plotly.js-dist-min</c>, refreshed by
/// <c>tools/update-plotly.sh</c>): inline it once per offline page, or point at its CDN copy.
/// </summary>
/// <remarks>plotly.js 3+ has no AMD module: load it with a plain <c>&lt;script&gt;</c> and use
/// <c>window.Plotly</c> (docs/plotting.md, "plotly.js version").</remarks>
public static partial class PlotlyJs
{
    private static readonly Lazy<string> LazyScript = new(() => ReadResource("NotebookKit.Plotting.plotly.min.js"));
    private static readonly Lazy<string> LazyLicense = new(() => ReadResource("NotebookKit.Plotting.plotly.LICENSE.txt"));
    private static readonly Lazy<string> LazyVersion = new(ReadVersion);
    private static PlotlyDelivery delivery = PlotlyDelivery.Inline;
    private static int inlinedThisSession;

    /// <summary>The pinned plotly.js version, read from the bundle's header (e.g. <c>4.1.2</c>).</summary>
    public static string Version => LazyVersion.Value;

    /// <summary>The minified plotly.js source (about 4.8 MB); it defines <c>window.Plotly</c>.</summary>
    public static string Script => LazyScript.Value;

    /// <summary>The plotly.js licence text (MIT), to ship next to any page that inlines <see cref="Script"/>.</summary>
    public static string License => LazyLicense.Value;

    /// <summary>The same pinned version on Plotly's CDN, for notebook fragments that may go online.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{Version}.min.js";

    /// <summary>
    /// How figures displayed in a notebook get plotly.js (process-wide; default <see cref="PlotlyDelivery.Inline"/>:
    /// the first figure of the session carries it, so charts draw with no network).
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public static PlotlyDelivery Delivery
    {
        get => Volatile.Read(ref delivery);
        set => Volatile.Write(ref delivery, value ?? throw new ArgumentNullException(nameof(value), "Choose a PlotlyDelivery (Inline, Cdn, FromUrl(...) or PageProvided)."));
    }

    /// <summary>
    /// Starts a new notebook session for <see cref="PlotlyDelivery.Inline"/>: the next figure carries plotly.js again.
    /// The kit's runner calls it before each notebook; call it yourself after clearing the output that carried
    /// plotly.js (then display a chart again), so a saved notebook holds the bundle once more.
    /// </summary>
    public static void StartNewSession() => Interlocked.Exchange(ref inlinedThisSession, 0);

    /// <summary>
    /// Writes <see cref="Script"/> to <paramref name="path"/> and its licence beside it (<c>plotly.LICENSE.txt</c>), for
    /// <see cref="PlotlyDelivery.FromUrl"/> with a local file. Temp file + rename: never half-written.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or its folder does not exist.</exception>
    public static void WriteScript(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = AtomicFile.FullPathInExistingFolder(path, "write plotly.js to");
        AtomicFile.WriteAllText(full, Script);
        AtomicFile.WriteAllText(Path.Combine(Path.GetDirectoryName(full)!, "plotly.LICENSE.txt"), License);
    }

    /// <summary>True exactly once per session: the caller must inline the bundle in the fragment it is building.</summary>
    internal static bool TakeInlineTurn() => Interlocked.Exchange(ref inlinedThisSession, 1) == 0;

    private static string ReadResource(string name)
    {
        using Stream stream = typeof(PlotlyJs).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing from NotebookKit.dll; rebuild the library.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string ReadVersion()
    {
        // The bundle opens with "/**\n* plotly.js v4.1.2\n...": the header is the single source of truth.
        string head = Script.Length > 400 ? Script[..400] : Script;
        Match match = VersionPattern().Match(head);
        return match.Success
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The embedded plotly.js has no 'plotly.js vX.Y.Z' header; rerun tools/update-plotly.sh.");
    }

    [GeneratedRegex(@"plotly\.js v(\d+\.\d+\.\d+)")]
    private static partial Regex VersionPattern();
}
