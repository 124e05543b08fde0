using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>font</c>.</summary>
public sealed record Font
{
    /// <summary><c>size</c> in pixels.</summary>
    [JsonPropertyName("size")] public double? Size { get; init; }

    /// <summary><c>color</c> (CSS colour).</summary>
    [JsonPropertyName("color")] public string? Color { get; init; }

    /// <summary><c>family</c>, a CSS font-family list.</summary>
    [JsonPropertyName("family")] public string? Family { get; init; }
}
