using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>bar</c> trace (vertical by default, unlike Plotly.NET's <c>Chart.Bar</c>).</summary>
public sealed record BarTrace : Trace
{
    /// <summary><c>x</c>: the categories of a vertical bar chart.</summary>
    [JsonPropertyName("x")] public PlotArray? X { get; init; }

    /// <summary><c>y</c>: the bar heights of a vertical bar chart.</summary>
    [JsonPropertyName("y")] public PlotArray? Y { get; init; }

    /// <summary><c>orientation</c>; for <see cref="BarOrientation.Horizontal"/> swap the roles of x and y.</summary>
    [JsonPropertyName("orientation")] public BarOrientation? Orientation { get; init; }

    /// <summary><c>text</c>: labels drawn on the bars.</summary>
    [JsonPropertyName("text")] public PlotArray? Text { get; init; }

    /// <summary><c>textposition</c>: <c>"auto"</c>, <c>"inside"</c>, <c>"outside"</c> or <c>"none"</c>.</summary>
    [JsonPropertyName("textposition")] public string? TextPosition { get; init; }

    /// <summary><c>marker</c>: the fill colour.</summary>
    [JsonPropertyName("marker")] public Marker? Marker { get; init; }

    /// <inheritdoc/>
    [JsonIgnore] public override string TraceType => "bar";

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (X is not null && Y is not null && X.Count != Y.Count)
        {
            throw Invalid($"x has {X.Count} values but y has {Y.Count}; give one value per category");
        }

        if (TextPosition is not (null or "auto" or "inside" or "outside" or "none"))
        {
            throw Invalid($"textposition must be \"auto\", \"inside\", \"outside\" or \"none\", got \"{TextPosition}\"");
        }
    }
}
