using System.Net;
using NotebookKit.Display;

namespace NotebookKit.Plotting;

/// <summary>A piece of HTML to place on an <see cref="OfflinePage"/> between figures.</summary>
/// <param name="Html">Raw HTML, trusted as is.</param>
public sealed record HtmlBlock(string Html) : IHtmlDisplayable
{
    /// <summary>A heading (<c>&lt;h2&gt;</c>) with the text HTML-encoded.</summary>
    public static HtmlBlock Heading(string text) => new($"<h2>{WebUtility.HtmlEncode(text)}</h2>");

    /// <summary>A paragraph with the text HTML-encoded.</summary>
    public static HtmlBlock Paragraph(string text) => new($"<p>{WebUtility.HtmlEncode(text)}</p>");

    /// <inheritdoc/>
    public string ToHtml() => Html;
}
