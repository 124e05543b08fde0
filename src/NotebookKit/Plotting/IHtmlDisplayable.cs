namespace NotebookKit.Plotting;

/// <summary>
/// A value with a rich notebook display: HTML, and plain text from <see cref="object.ToString"/>.
/// Types tag themselves with <c>[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ...)]</c>.
/// </summary>
public interface IHtmlDisplayable
{
    /// <summary>An HTML fragment (no <c>&lt;html&gt;</c> wrapper) that displays the value.</summary>
    string ToHtml();
}

/// <summary>A value that is also a Plotly figure: adds the <c>application/vnd.plotly.v1+json</c> display.</summary>
public interface IPlotlyDisplayable : IHtmlDisplayable
{
    /// <summary>The figure as plotly.js JSON: <c>{"data": [...], "layout": {...}, "config": {...}}</c>.</summary>
    string ToPlotlyJson();
}
