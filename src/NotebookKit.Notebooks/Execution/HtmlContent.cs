namespace NotebookKit.Notebooks.Execution;

/// <summary>Raw HTML to display as text/html, returned by <c>HTML("...")</c> in a cell (the kernel's <c>IHtmlContent</c>).</summary>
/// <param name="Html">The HTML fragment.</param>
public sealed record HtmlContent(string Html)
{
    /// <inheritdoc/>
    public override string ToString() => Html;
}
