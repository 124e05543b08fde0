using System.Text.RegularExpressions;

namespace NotebookKit.Notebooks.Writeups;

/// <summary>
/// The KaTeX build embedded in this assembly (npm <c>katex</c>, refreshed by <c>tools/update-katex.sh</c>): the
/// write-up renderer inlines it once per page that has math, so <c>$...$</c> and <c>$$...$$</c> are typeset offline.
/// </summary>
public static partial class KatexAssets
{
    private static readonly Lazy<string> LazyScript = new(() => Read("NotebookKit.Notebooks.katex.min.js"));
    private static readonly Lazy<string> LazyStyle = new(() => Read("NotebookKit.Notebooks.katex.inline.css"));
    private static readonly Lazy<string> LazyLicense = new(() => Read("NotebookKit.Notebooks.katex.LICENSE.txt"));
    private static readonly Lazy<string> LazyVersion = new(() =>
        VersionPattern().Match(Script) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException("The embedded katex.min.js has no version string; rerun tools/update-katex.sh."));

    /// <summary>The pinned KaTeX version, read from the bundle (e.g. <c>0.19.1</c>).</summary>
    public static string Version => LazyVersion.Value;

    /// <summary>The minified renderer; it defines <c>window.katex</c>.</summary>
    public static string Script => LazyScript.Value;

    /// <summary>KaTeX's stylesheet with its fonts inlined as woff2 data URIs (no font files needed).</summary>
    public static string Style => LazyStyle.Value;

    /// <summary>KaTeX's licence (MIT), shipped in every page that inlines it.</summary>
    public static string License => LazyLicense.Value;

    private static string Read(string name)
    {
        using Stream stream = typeof(KatexAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing from NotebookKit.Notebooks.dll; rebuild it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("version:\"(\\d+\\.\\d+\\.\\d+)\"")]
    private static partial Regex VersionPattern();
}
