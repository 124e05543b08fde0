using System.Reflection;
using System.Text.RegularExpressions;

namespace NotebookKit.Plotting;

/// <summary>
/// The plotly.js bundle embedded in the library (npm <c>plotly.js-dist-min</c>, refreshed by
/// <c>tools/update-plotly.sh</c>): inline it once per offline page, or point at its CDN copy.
/// </summary>
/// <remarks>plotly.js 3+ has no AMD module: load it with a plain <c>&lt;script&gt;</c> and use
/// <c>window.Plotly</c> (see reference/notebooks-and-kernels.md §3.4).</remarks>
public static partial class PlotlyJs
{
    private static readonly Lazy<string> LazyScript = new(() => ReadResource("NotebookKit.Plotting.plotly.min.js"));
    private static readonly Lazy<string> LazyLicense = new(() => ReadResource("NotebookKit.Plotting.plotly.LICENSE.txt"));
    private static readonly Lazy<string> LazyVersion = new(ReadVersion);

    /// <summary>The pinned plotly.js version, read from the bundle's header (e.g. <c>4.1.2</c>).</summary>
    public static string Version => LazyVersion.Value;

    /// <summary>The minified plotly.js source (about 4.8 MB); it defines <c>window.Plotly</c>.</summary>
    public static string Script => LazyScript.Value;

    /// <summary>The plotly.js licence text (MIT), to ship next to any page that inlines <see cref="Script"/>.</summary>
    public static string License => LazyLicense.Value;

    /// <summary>The same pinned version on Plotly's CDN, for notebook fragments that may go online.</summary>
    public static string CdnUrl => $"https://cdn.plot.ly/plotly-{Version}.min.js";

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
