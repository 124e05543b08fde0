using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>One plotly.js trace (an entry of <c>data</c>); <c>type</c> is written from the subclass.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ScatterTrace), "scatter")]
[JsonDerivedType(typeof(BarTrace), "bar")]
[JsonDerivedType(typeof(HeatmapTrace), "heatmap")]
[JsonDerivedType(typeof(HistogramTrace), "histogram")]
public abstract record Trace
{
    /// <summary><c>name</c>: the legend and hover label.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary><c>showlegend</c>.</summary>
    [JsonPropertyName("showlegend")] public bool? ShowLegend { get; init; }

    /// <summary><c>legendgroup</c>: traces in one group toggle together.</summary>
    [JsonPropertyName("legendgroup")] public string? LegendGroup { get; init; }

    /// <summary><c>xaxis</c>: <c>"x"</c> (default), <c>"x2"</c>, ... for subplots.</summary>
    [JsonPropertyName("xaxis")] public string? XAxis { get; init; }

    /// <summary><c>yaxis</c>: <c>"y"</c> (default), <c>"y2"</c>, ... for subplots and secondary axes.</summary>
    [JsonPropertyName("yaxis")] public string? YAxis { get; init; }

    /// <summary><c>opacity</c> in [0, 1].</summary>
    [JsonPropertyName("opacity")] public double? Opacity { get; init; }

    /// <summary><c>hovertemplate</c>, e.g. <c>"step %{x}: %{y:.3g}&lt;extra&gt;&lt;/extra&gt;"</c>.</summary>
    [JsonPropertyName("hovertemplate")] public string? HoverTemplate { get; init; }

    /// <summary>The plotly.js trace type, e.g. <c>"scatter"</c>.</summary>
    [JsonIgnore] public abstract string TraceType { get; }

    /// <summary>Checks the trace's own rules (matching lengths, ranges) before it is written.</summary>
    /// <exception cref="ArgumentException">A rule is broken; the message names the trace and the plotly.js attribute.</exception>
    public virtual void Validate()
    {
        if (Opacity is { } o && !(o >= 0 && o <= 1))
        {
            throw Invalid($"opacity must be in [0, 1], got {o}");
        }

        CheckAxisId(XAxis, 'x');
        CheckAxisId(YAxis, 'y');
    }

    /// <summary>An error naming this trace.</summary>
    protected ArgumentException Invalid(string rule) =>
        new($"{TraceType} trace{(Name is null ? "" : $" '{Name}'")}: {rule}.");

    private void CheckAxisId(string? id, char letter)
    {
        if (id is null)
        {
            return;
        }

        bool ok = id.Length > 0 && id[0] == letter && (id.Length == 1 || (int.TryParse(id.AsSpan(1), out int n) && n >= 2 && id[1] != '0'));
        if (!ok)
        {
            throw Invalid($"{letter}axis must be \"{letter}\", \"{letter}2\", \"{letter}3\", ..., got \"{id}\"");
        }
    }
}
