using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>histogram</c> trace: plotly.js bins the raw samples in the browser.</summary>
public sealed record HistogramTrace : Trace
{
    /// <summary><c>x</c>: the samples.</summary>
    [JsonPropertyName("x")] public PlotArray? X { get; init; }

    /// <summary><c>nbinsx</c>: the maximum number of bins (plotly.js picks round bin edges up to this many).</summary>
    [JsonPropertyName("nbinsx")] public int? NBinsX { get; init; }

    /// <summary><c>histnorm</c>.</summary>
    [JsonPropertyName("histnorm")] public HistogramNorm? HistNorm { get; init; }

    /// <summary><c>marker</c>: the fill colour.</summary>
    [JsonPropertyName("marker")] public Marker? Marker { get; init; }

    /// <inheritdoc/>
    [JsonIgnore] public override string TraceType => "histogram";

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (NBinsX is { } n && n < 1)
        {
            throw Invalid($"nbinsx must be >= 1, got {n}");
        }
    }
}
