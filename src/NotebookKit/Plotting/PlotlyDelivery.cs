namespace NotebookKit.Plotting;

/// <summary>How a figure's notebook HTML gets plotly.js: the choice between an offline notebook and a small one.</summary>
/// <remarks>
/// <para>The default, <see cref="Inline"/>, works with no network, like Python plotly's offline notebook mode
/// (<c>init_notebook_mode(connected=False)</c>): the first figure displayed in a notebook session carries the whole
/// plotly.js bundle (about 4.8 MB) and every later figure of the session reuses it. A saved notebook then holds one
/// copy of plotly.js. <see cref="Cdn"/> and <see cref="FromUrl"/> keep saved notebooks small, at the price of needing
/// that address whenever the notebook is opened.</para>
/// <para>Set it once, before the first chart: <c>PlotlyJs.Delivery = PlotlyDelivery.Cdn;</c>.</para>
/// </remarks>
public sealed record PlotlyDelivery
{
    private PlotlyDelivery(PlotlyDeliveryMode mode, string? url)
    {
        Mode = mode;
        Url = url;
    }

    /// <summary>plotly.js inlined once per notebook session, with the first figure (the default; works offline).</summary>
    public static PlotlyDelivery Inline { get; } = new(PlotlyDeliveryMode.Inline, null);

    /// <summary>plotly.js loaded from Plotly's CDN (<see cref="PlotlyJs.CdnUrl"/>): small notebooks that need the internet.</summary>
    public static PlotlyDelivery Cdn { get; } = new(PlotlyDeliveryMode.Url, null);

    /// <summary>Nothing is loaded: the page already has <c>window.Plotly</c> (an <see cref="OfflinePage"/>, a write-up).</summary>
    public static PlotlyDelivery PageProvided { get; } = new(PlotlyDeliveryMode.PageProvided, null);

    /// <summary>How plotly.js is delivered.</summary>
    public PlotlyDeliveryMode Mode { get; }

    /// <summary>For <see cref="PlotlyDeliveryMode.Url"/>: the script address; null means the CDN.</summary>
    public string? Url { get; }

    /// <summary>The address a figure loads plotly.js from in <see cref="PlotlyDeliveryMode.Url"/> mode.</summary>
    public string ScriptUrl => Url ?? PlotlyJs.CdnUrl;

    /// <summary>
    /// plotly.js loaded from <paramref name="url"/>: a local copy written with <see cref="PlotlyJs.WriteScript"/>
    /// (a path relative to the page, e.g. <c>"plotly.min.js"</c>, works for exported HTML and for front ends that
    /// serve the notebook's folder), or a mirror of your own.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is empty or contains a quote or angle bracket.</exception>
    public static PlotlyDelivery FromUrl(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException("The plotly.js address must not be empty.", nameof(url));
        }

        if (url.IndexOfAny(['"', '\'', '<', '>', '\\', '\n', '\r']) >= 0)
        {
            throw new ArgumentException($"The plotly.js address '{url}' must not contain quotes, angle brackets, backslashes or line breaks.", nameof(url));
        }

        return new PlotlyDelivery(PlotlyDeliveryMode.Url, url);
    }

    /// <inheritdoc/>
    public override string ToString() => Mode switch
    {
        PlotlyDeliveryMode.Inline => "inline once per session",
        PlotlyDeliveryMode.Url => $"loaded from {ScriptUrl}",
        _ => "provided by the page",
    };
}

/// <summary>The ways <see cref="PlotlyDelivery"/> can deliver plotly.js.</summary>
public enum PlotlyDeliveryMode
{
    /// <summary>Inlined with the first figure of the session.</summary>
    Inline,

    /// <summary>Loaded with a script tag from an address.</summary>
    Url,

    /// <summary>Already on the page.</summary>
    PageProvided,
}
