using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>scatter</c> trace: lines and/or markers.</summary>
public sealed record ScatterTrace : Trace
{
    /// <summary><c>x</c>.</summary>
    [JsonPropertyName("x")] public PlotArray? X { get; init; }

    /// <summary><c>y</c>; same length as <see cref="X"/>.</summary>
    [JsonPropertyName("y")] public PlotArray? Y { get; init; }

    /// <summary><c>mode</c>.</summary>
    [JsonPropertyName("mode")] public ScatterMode? Mode { get; init; } = ScatterMode.Lines;

    /// <summary><c>line</c>: colour, width, dash and shape (<c>hv</c> for step schedules).</summary>
    [JsonPropertyName("line")] public LineStyle? Line { get; init; }

    /// <summary><c>marker</c>.</summary>
    [JsonPropertyName("marker")] public Marker? Marker { get; init; }

    /// <summary><c>text</c>: per-point labels (hover, or drawn with <see cref="ScatterMode.MarkersAndText"/>).</summary>
    [JsonPropertyName("text")] public PlotArray? Text { get; init; }

    /// <inheritdoc/>
    [JsonIgnore] public override string TraceType => "scatter";

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (X is not null && Y is not null && X.Count != Y.Count)
        {
            throw Invalid($"x has {X.Count} values but y has {Y.Count}; give one x per y");
        }

        if (Text is not null && Y is not null && Text.Count != Y.Count)
        {
            throw Invalid($"text has {Text.Count} values but y has {Y.Count}");
        }

        if (Line?.Width is { } w && !(w >= 0))
        {
            throw Invalid($"line.width must be >= 0, got {w}");
        }
    }
}
