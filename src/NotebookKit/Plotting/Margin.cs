using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>layout.margin</c> in pixels.</summary>
/// <param name="Left"><c>l</c>.</param>
/// <param name="Right"><c>r</c>.</param>
/// <param name="Top"><c>t</c>.</param>
/// <param name="Bottom"><c>b</c>.</param>
public sealed record Margin(
    [property: JsonPropertyName("l")] double Left,
    [property: JsonPropertyName("r")] double Right,
    [property: JsonPropertyName("t")] double Top,
    [property: JsonPropertyName("b")] double Bottom);
