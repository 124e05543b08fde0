namespace NotebookKit.Notebooks;

/// <summary>Mime type names the runner and writers use.</summary>
public static class MimeTypes
{
    /// <summary><c>text/plain</c>.</summary>
    public const string Text = "text/plain";

    /// <summary><c>text/html</c>.</summary>
    public const string Html = "text/html";

    /// <summary><c>text/markdown</c>.</summary>
    public const string Markdown = "text/markdown";

    /// <summary><c>image/png</c> (base64 text in a notebook).</summary>
    public const string Png = "image/png";

    /// <summary><c>image/svg+xml</c>.</summary>
    public const string Svg = "image/svg+xml";

    /// <summary>The plotly.js figure mime type (<c>application/vnd.plotly.v1+json</c>).</summary>
    public const string Plotly = "application/vnd.plotly.v1+json";

    /// <summary>True for mime types nbformat stores as JSON objects (<c>application/json</c>, <c>*+json</c>).</summary>
    public static bool IsJson(string mimeType) =>
        mimeType is not null && (mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal));
}
