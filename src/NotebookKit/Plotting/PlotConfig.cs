using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>config</c> (the third argument of <c>Plotly.newPlot</c>). No Chart Studio keys: plotly.js 4 removed them.</summary>
public sealed record PlotConfig
{
    /// <summary>The kit's default: responsive, no Plotly logo.</summary>
    public static PlotConfig Default { get; } = new();

    /// <summary><c>responsive</c>: redraw when the container resizes.</summary>
    [JsonPropertyName("responsive")] public bool? Responsive { get; init; } = true;

    /// <summary><c>displaylogo</c>.</summary>
    [JsonPropertyName("displaylogo")] public bool? DisplayLogo { get; init; } = false;

    /// <summary><c>displayModeBar</c>: true, false, or null for "on hover".</summary>
    [JsonPropertyName("displayModeBar")] public bool? DisplayModeBar { get; init; }

    /// <summary><c>staticPlot</c>: no interaction at all.</summary>
    [JsonPropertyName("staticPlot")] public bool? StaticPlot { get; init; }

    /// <summary><c>scrollZoom</c>.</summary>
    [JsonPropertyName("scrollZoom")] public bool? ScrollZoom { get; init; }
}
