using System.Text.Json;

namespace NotebookKit.Plotting;

/// <summary>The kit's one compact plotly.js template, shared by every figure (about 0.8 KB, against Plotly.NET's 6 KB inline default).</summary>
/// <remarks>plotly.js takes a template as a JSON object (names such as "plotly_white" exist only in plotly.py).
/// It uses nothing plotly.js 3 or 4 removed (no <c>heatmapgl</c>, no <c>mapbox</c>).</remarks>
public static class PlotTemplate
{
    private const string DefaultJson = """
        {"layout":{
          "font":{"family":"-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif","size":13,"color":"#2a3f5f"},
          "colorway":["#1f77b4","#ff7f0e","#2ca02c","#d62728","#9467bd","#8c564b","#e377c2","#7f7f7f","#bcbd22","#17becf"],
          "paper_bgcolor":"#ffffff","plot_bgcolor":"#ffffff",
          "title":{"x":0.05,"font":{"size":17}},
          "xaxis":{"gridcolor":"#e5ecf6","linecolor":"#b0bfd6","zerolinecolor":"#d4dceb","showline":true,"ticks":"outside","automargin":true},
          "yaxis":{"gridcolor":"#e5ecf6","linecolor":"#b0bfd6","zerolinecolor":"#d4dceb","showline":true,"ticks":"outside","automargin":true},
          "hoverlabel":{"align":"left"},
          "margin":{"l":70,"r":30,"t":60,"b":60}},
         "data":{"scatter":[{"line":{"width":2}}],"heatmap":[{"colorscale":"Viridis"}],"histogram":[{"marker":{"line":{"width":0}}}]}}
        """;

    /// <summary>Light background, blue-grey grid, the d3 category-10 colourway, readable font sizes.</summary>
    public static JsonElement Default { get; } = Parse();

    private static JsonElement Parse()
    {
        using JsonDocument document = JsonDocument.Parse(DefaultJson);
        return document.RootElement.Clone();
    }
}
