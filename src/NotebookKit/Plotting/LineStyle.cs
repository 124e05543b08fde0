using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>line</c>: a trace's or shape's stroke.</summary>
public sealed record LineStyle
{
    /// <summary><c>color</c>: any CSS colour with a leading <c>#</c> for hex (plotly.js 4 rejects bare hex).</summary>
    [JsonPropertyName("color")] public string? Color { get; init; }

    /// <summary><c>width</c> in pixels.</summary>
    [JsonPropertyName("width")] public double? Width { get; init; }

    /// <summary><c>dash</c>.</summary>
    [JsonPropertyName("dash")] public LineDash? Dash { get; init; }

    /// <summary><c>shape</c>: use <see cref="LineShape.HorizontalThenVertical"/> for step schedules.</summary>
    [JsonPropertyName("shape")] public LineShape? Shape { get; init; }
}
