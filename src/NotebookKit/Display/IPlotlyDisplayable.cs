namespace NotebookKit.Display;

/// <summary>A value that is also a Plotly figure: adds the <c>application/vnd.plotly.v1+json</c> display.</summary>
public interface IPlotlyDisplayable : IHtmlDisplayable
{
    /// <summary>The figure as plotly.js JSON: <c>{"data": [...], "layout": {...}, "config": {...}}</c>.</summary>
    string ToPlotlyJson();
}
