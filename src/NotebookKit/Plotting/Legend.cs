using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>layout.legend</c>.</summary>
public sealed record Legend
{
    /// <summary><c>orientation</c>: <c>"v"</c> (default) or <c>"h"</c>.</summary>
    [JsonPropertyName("orientation")] public string? Orientation { get; init; }

    /// <summary><c>x</c> in paper units (0 = left edge of the plot area, 1 = right).</summary>
    [JsonPropertyName("x")] public double? X { get; init; }

    /// <summary><c>y</c> in paper units (0 = bottom, 1 = top).</summary>
    [JsonPropertyName("y")] public double? Y { get; init; }

    /// <summary><c>xanchor</c>: <c>"left"</c>, <c>"center"</c>, <c>"right"</c>.</summary>
    [JsonPropertyName("xanchor")] public string? XAnchor { get; init; }

    /// <summary><c>yanchor</c>: <c>"top"</c>, <c>"middle"</c>, <c>"bottom"</c>.</summary>
    [JsonPropertyName("yanchor")] public string? YAnchor { get; init; }

    /// <summary>A horizontal legend centred under the plot. It can meet the x axis title on short plots: prefer <see cref="Top"/>.</summary>
    public static Legend Below { get; } = new() { Orientation = "h", X = 0.5, XAnchor = "center", Y = -0.2, YAnchor = "top" };

    /// <summary>
    /// A horizontal legend above the plot area, left-aligned under the title: clear of axis titles, secondary axes and
    /// the plotly toolbar. The chart helpers reserve the rows it needs in the top margin.
    /// </summary>
    public static Legend Top { get; } = new() { Orientation = "h", X = 0, XAnchor = "left", Y = 1.05, YAnchor = "bottom" };

    /// <summary>A vertical legend right of the plot area (plotly.js's default place), for a few short names.</summary>
    public static Legend Right { get; } = new() { Orientation = "v", X = 1.02, XAnchor = "left", Y = 1, YAnchor = "top" };
}
