using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>A title, written as plotly.js 3+ requires: <c>{"text": ...}</c> (never a bare string, never <c>titlefont</c>).</summary>
/// <param name="Text">The text; plotly.js accepts a little HTML (<c>&lt;br&gt;</c>, <c>&lt;sup&gt;</c>).</param>
public sealed record Title([property: JsonPropertyName("text")] string Text)
{
    /// <summary><c>title.font</c>; null for the template's.</summary>
    [JsonPropertyName("font")] public Font? Font { get; init; }

    /// <summary>A title from its text; null stays null (no title).</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static implicit operator Title?(string? text) => text is null ? null : new(text);
}
