using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>layout.xaxis</c> / <c>layout.yaxis</c> (and <c>xaxis2</c>, <c>yaxis2</c>, ...).</summary>
public sealed record Axis
{
    /// <summary><c>title</c>, written as <c>{"text": ...}</c>.</summary>
    [JsonPropertyName("title")] public Title? Title { get; init; }

    /// <summary><c>type</c>; null lets plotly.js guess from the data.</summary>
    [JsonPropertyName("type")] public AxisType? Type { get; init; }

    /// <summary><c>range</c>: [low, high]. On a <see cref="AxisType.Log"/> axis give log10 values (plotly.js convention).</summary>
    [JsonPropertyName("range")] public IReadOnlyList<double>? Range { get; init; }

    /// <summary><c>autorange</c>: <c>"reversed"</c> flips the axis (confusion matrices put class 0 on top).</summary>
    [JsonPropertyName("autorange")] public string? AutoRange { get; init; }

    /// <summary><c>overlaying</c>: draw this axis over another one's plot area, e.g. <c>"y"</c> for a secondary y axis.</summary>
    [JsonPropertyName("overlaying")] public string? Overlaying { get; init; }

    /// <summary><c>side</c>: <c>"left"</c>, <c>"right"</c>, <c>"top"</c> or <c>"bottom"</c>.</summary>
    [JsonPropertyName("side")] public string? Side { get; init; }

    /// <summary><c>anchor</c>: the counter axis this one is attached to, e.g. <c>"x2"</c>.</summary>
    [JsonPropertyName("anchor")] public string? Anchor { get; init; }

    /// <summary><c>domain</c>: [start, end] as fractions of the plot area, for hand-placed subplots.</summary>
    [JsonPropertyName("domain")] public IReadOnlyList<double>? Domain { get; init; }

    /// <summary><c>tickformat</c>: a d3 format such as <c>".0%"</c> or <c>".1e"</c>.</summary>
    [JsonPropertyName("tickformat")] public string? TickFormat { get; init; }

    /// <summary><c>exponentformat</c>: <c>"power"</c> writes 10⁻³ on log axes; also <c>"e"</c>, <c>"SI"</c>, <c>"none"</c>.</summary>
    [JsonPropertyName("exponentformat")] public string? ExponentFormat { get; init; }

    /// <summary><c>showgrid</c>.</summary>
    [JsonPropertyName("showgrid")] public bool? ShowGrid { get; init; }

    /// <summary><c>zeroline</c>.</summary>
    [JsonPropertyName("zeroline")] public bool? ZeroLine { get; init; }

    /// <summary><c>rangemode</c>: <c>"tozero"</c> keeps 0 in view; <c>"normal"</c>, <c>"nonnegative"</c>.</summary>
    [JsonPropertyName("rangemode")] public string? RangeMode { get; init; }

    /// <summary><c>tickmode</c>: <c>"auto"</c>, <c>"linear"</c>, <c>"array"</c> or <c>"sync"</c> (plotly.js 4's default for overlaying axes).
    /// Replaces the removed <c>autotick</c>.</summary>
    [JsonPropertyName("tickmode")] public string? TickMode { get; init; }

    /// <summary><c>dtick</c>: the tick step for <c>tickmode: "linear"</c>.</summary>
    [JsonPropertyName("dtick")] public double? DTick { get; init; }

    /// <summary><c>nticks</c>: the most ticks plotly.js may draw (it picks the step); see <see cref="LogTicks"/>.</summary>
    [JsonPropertyName("nticks")] public int? NTicks { get; init; }

    /// <summary><c>showticklabels</c>.</summary>
    [JsonPropertyName("showticklabels")] public bool? ShowTickLabels { get; init; }

    /// <summary><c>tickangle</c> in degrees, clockwise; -45 runs category labels up to the right, each ending under its
    /// tick (as matplotlib's <c>rotation=45, ha="right"</c>). Null lets plotly.js turn labels only once they collide.</summary>
    [JsonPropertyName("tickangle")] public double? TickAngle { get; init; }

    /// <summary>
    /// A copy with tick labels that stay readable on a log axis spanning [<paramref name="low"/>, <paramref name="high"/>]
    /// (data values): over one to a few decades plotly.js labels 1, 2 and 5 of each decade instead of every digit, over
    /// more decades every power of ten, so minor labels never crowd. Non-log axes and spans under half a decade are unchanged.
    /// </summary>
    /// <remarks>plotly.js picks a log axis's step from span / <c>nticks</c> (in decades): above 0.7 whole decades, above
    /// 0.3 the "D2" labels (1, 2, 5), below that every digit. <c>nticks</c> is chosen to land in the first two bands.</remarks>
    public Axis LogTicks(double low, double high)
    {
        if (Type != AxisType.Log || !(low > 0) || !(high > low) || !double.IsFinite(high))
        {
            return this;
        }

        double decades = Math.Log10(high / low);
        if (decades < 0.5)
        {
            // Inside half a decade plotly.js labels a few plain values; nothing to thin out.
            return this;
        }

        // About 0.5 decade per tick (D2 labels: 1, 2, 5) up to 3.5 decades; whole decades (at most 12 labels) beyond.
        int ticks = decades <= 3.5 ? Math.Max(2, (int)Math.Round(decades / 0.5)) : Math.Min(12, (int)Math.Ceiling(decades / 0.9));
        return this with { NTicks = ticks };
    }

    /// <summary>Checks the axis rules; <paramref name="id"/> is the layout key (e.g. <c>"yaxis2"</c>) for messages.</summary>
    internal void Validate(string id)
    {
        if (Range is not null && (Range.Count != 2 || !double.IsFinite(Range[0]) || !double.IsFinite(Range[1])))
        {
            throw new ArgumentException($"layout.{id}.range must be two finite numbers [low, high].");
        }

        if (Domain is not null && (Domain.Count != 2 || !(Domain[0] >= 0 && Domain[0] < Domain[1] && Domain[1] <= 1)))
        {
            throw new ArgumentException($"layout.{id}.domain must be [start, end] with 0 <= start < end <= 1.");
        }

        if (Side is not (null or "left" or "right" or "top" or "bottom"))
        {
            throw new ArgumentException($"layout.{id}.side must be \"left\", \"right\", \"top\" or \"bottom\", got \"{Side}\".");
        }
    }
}
