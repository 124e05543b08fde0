using System.Text.Json;
using System.Text.Json.Serialization;
using NotebookKit.Display;

namespace NotebookKit.Plotting;

/// <summary>
/// A Plotly figure as data: traces, layout and config, serialised to plotly.js 2–4 compatible JSON.
/// Displays inline in .NET Interactive and in the kit's runner (HTML, plain text and <c>application/vnd.plotly.v1+json</c>).
/// </summary>
/// <remarks>Immutable: the <c>With…</c>/<c>Add…</c> helpers return copies. Build charts with <see cref="Charts"/>,
/// export images with <c>NotebookKit.Images.FigureImages</c> (a separate assembly, so the library carries no browser driver), and pages with <see cref="OfflinePage"/>.</remarks>
// The preferred mime types are what the .NET Interactive kernel emits: all three, so front ends with a plotly
// renderer (VS Code, JupyterLab) draw the JSON natively and the others run the offline text/html.
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain", DisplayFormatterSource.PlotlyMimeType])]
public sealed record Figure : IPlotlyDisplayable
{
    /// <summary>An empty figure with the default template and config.</summary>
    public Figure()
    {
    }

    /// <summary>A figure with <paramref name="traces"/>.</summary>
    public Figure(params Trace[] traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        Data = [.. traces];
    }

    /// <summary><c>data</c>: the traces, drawn in order.</summary>
    [JsonPropertyName("data")] public IReadOnlyList<Trace> Data { get; init; } = [];

    /// <summary><c>layout</c>.</summary>
    [JsonPropertyName("layout")] public Layout Layout { get; init; } = new();

    /// <summary><c>config</c>.</summary>
    [JsonPropertyName("config")] public PlotConfig Config { get; init; } = PlotConfig.Default;

    /// <summary>A copy with more traces.</summary>
    public Figure AddTraces(params Trace[] traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        return this with { Data = [.. Data, .. traces] };
    }

    /// <summary>A copy with <c>layout.title</c> set.</summary>
    public Figure WithTitle(string title) => this with { Layout = Layout with { Title = title } };

    /// <summary>A copy with its layout edited: <c>fig.WithLayout(l =&gt; l with { HoverMode = HoverMode.XUnified })</c>.</summary>
    public Figure WithLayout(Func<Layout, Layout> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return this with { Layout = edit(Layout) };
    }

    /// <summary>A copy with a fixed size in pixels.</summary>
    public Figure WithSize(int width, int height) => this with { Layout = Layout with { Width = width, Height = height } };

    /// <summary>A copy with the axis <paramref name="id"/> (<c>"xaxis"</c>, <c>"yaxis2"</c>, ...) set.</summary>
    public Figure WithAxis(string id, Axis axis) => this with { Layout = Layout.WithAxis(id, axis) };

    /// <summary>A copy with a vertical line at data x (a milestone, a suggested learning rate), with an optional label.</summary>
    public Figure WithVerticalLine(double x, string? label = null, string color = "#d62728")
    {
        Layout layout = Layout.AddShape(Shape.VerticalLine(x, color));
        if (label is not null)
        {
            bool logX = Layout.XAxis?.Type == AxisType.Log;
            layout = layout.AddAnnotation(Annotation.At(x, label, logX) with { Font = new Font { Color = color } });
        }

        return this with { Layout = layout };
    }

    /// <summary>Checks every trace and the layout.</summary>
    /// <exception cref="ArgumentException">A rule is broken; the message names the trace or attribute.</exception>
    public void Validate()
    {
        for (int i = 0; i < Data.Count; i++)
        {
            if (Data[i] is null)
            {
                throw new ArgumentException($"data[{i}] is null.");
            }

            Data[i].Validate();
        }

        Layout.Validate();
    }

    /// <summary>The figure as plotly.js JSON: <c>{"data": [...], "layout": {...}, "config": {...}}</c>.</summary>
    /// <param name="indented">Indent for reading; compact otherwise.</param>
    /// <exception cref="ArgumentException">The figure breaks a rule (see <see cref="Validate"/>).</exception>
    public string ToJson(bool indented = false)
    {
        Validate();
        return JsonSerializer.Serialize(this, indented ? PlotlyJson.IndentedOptions : PlotlyJson.Options);
    }

    /// <inheritdoc/>
    public string ToPlotlyJson() => ToJson();

    /// <summary>
    /// A notebook HTML fragment: a div and a plain script that draws with <c>window.Plotly</c>, which it gets as
    /// <see cref="PlotlyJs.Delivery"/> says (by default the first figure of a session carries plotly.js inline, so
    /// charts draw offline).
    /// </summary>
    public string ToHtml() => ToHtml(PlotlyJs.Delivery);

    /// <summary>The HTML fragment with plotly.js delivered as <paramref name="delivery"/> says.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="delivery"/> is null.</exception>
    public string ToHtml(PlotlyDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return FigureHtml.Fragment(ToJson(), Layout.Width, Layout.Height, delivery);
    }

    /// <summary>Plain-text display: the title and the traces.</summary>
    public override string ToString()
    {
        string title = Layout.Title?.Text is { } t ? $" \"{t}\"" : "";
        string traces = string.Join(", ", Data.Select(d => d.Name is null ? d.TraceType : $"{d.TraceType} '{d.Name}'"));
        return $"Figure{title}: {Data.Count} trace{(Data.Count == 1 ? "" : "s")}{(Data.Count == 0 ? "" : $" ({traces})")}";
    }
}
