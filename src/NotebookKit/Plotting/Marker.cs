using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>marker</c>: point markers, or bar and histogram fill.</summary>
public sealed record Marker
{
    /// <summary><c>color</c> (CSS colour).</summary>
    [JsonPropertyName("color")] public string? Color { get; init; }

    /// <summary><c>size</c> in pixels (scatter markers).</summary>
    [JsonPropertyName("size")] public double? Size { get; init; }

    /// <summary><c>symbol</c>, e.g. <c>"circle"</c>, <c>"x"</c>, <c>"diamond"</c>.</summary>
    [JsonPropertyName("symbol")] public string? Symbol { get; init; }

    /// <summary><c>line</c>: the marker outline.</summary>
    [JsonPropertyName("line")] public LineStyle? Line { get; init; }
}
