using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>A title, written as plotly.js 3+ requires: <c>{"text": ...}</c> (never a bare string, never <c>titlefont</c>).</summary>
/// <param name="Text">The text; plotly.js accepts a little HTML (<c>&lt;br&gt;</c>, <c>&lt;sup&gt;</c>).</param>
public sealed record Title([property: JsonPropertyName("text")] string Text)
{
    /// <summary><c>title.font</c>; null for the template's.</summary>
    [JsonPropertyName("font")] public Font? Font { get; init; }

    /// <summary><c>title.x</c> in the units of <see cref="XRef"/>.</summary>
    [JsonPropertyName("x")] public double? X { get; init; }

    /// <summary><c>title.xref</c>: <c>"container"</c> or <c>"paper"</c> (the plot area).</summary>
    [JsonPropertyName("xref")] public string? XRef { get; init; }

    /// <summary><c>title.xanchor</c>.</summary>
    [JsonPropertyName("xanchor")] public string? XAnchor { get; init; }

    /// <summary><c>title.y</c> in the units of <see cref="YRef"/>.</summary>
    [JsonPropertyName("y")] public double? Y { get; init; }

    /// <summary><c>title.yref</c>: <c>"container"</c> or <c>"paper"</c>.</summary>
    [JsonPropertyName("yref")] public string? YRef { get; init; }

    /// <summary><c>title.yanchor</c>.</summary>
    [JsonPropertyName("yanchor")] public string? YAnchor { get; init; }

    /// <summary><c>title.side</c>, for a colour bar's title: <c>"right"</c> runs it up beside the bar, clear of its tick labels.</summary>
    [JsonPropertyName("side")] public string? Side { get; init; }

    /// <summary><c>title.standoff</c> of an axis title: pixels between the tick labels and the title (plotly.js's default
    /// leaves about 2 px, so a long label seems to touch it).</summary>
    [JsonPropertyName("standoff")] public double? Standoff { get; init; }

    /// <summary><c>title.pad</c> in pixels (each side applies only with the matching anchor).</summary>
    [JsonPropertyName("pad")] public Margin? Pad { get; init; }

    /// <summary>A title from its text; null stays null (no title).</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static implicit operator Title?(string? text) => text is null ? null : new(text);
}
