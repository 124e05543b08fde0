using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>colorbar</c> of a heatmap.</summary>
public sealed record ColorBar
{
    /// <summary><c>title</c>, written as <c>{"text": ...}</c> (plotly.js 3 removed <c>titleside</c>/<c>titlefont</c>: the side is
    /// <c>title.side</c>; the chart helpers use <c>"right"</c> so the title never sits on the top tick label).</summary>
    [JsonPropertyName("title")] public Title? Title { get; init; }

    /// <summary><c>tickformat</c>, a d3 format such as <c>".0%"</c>.</summary>
    [JsonPropertyName("tickformat")] public string? TickFormat { get; init; }
}
