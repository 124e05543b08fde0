using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>heatmap</c> trace (not the removed <c>heatmapgl</c>).</summary>
public sealed record HeatmapTrace : Trace
{
    /// <summary><c>z</c>: rows of values; row i is drawn at <c>y[i]</c>, column j at <c>x[j]</c>. NaN leaves a cell empty.</summary>
    [JsonPropertyName("z")] public IReadOnlyList<IReadOnlyList<double>> Z { get; init; } = [];

    /// <summary><c>x</c>: one label or coordinate per column.</summary>
    [JsonPropertyName("x")] public PlotArray? X { get; init; }

    /// <summary><c>y</c>: one label or coordinate per row.</summary>
    [JsonPropertyName("y")] public PlotArray? Y { get; init; }

    /// <summary><c>colorscale</c>: a named plotly.js scale such as <c>"Viridis"</c>, <c>"Blues"</c>, <c>"RdBu"</c>.</summary>
    [JsonPropertyName("colorscale")] public string? ColorScale { get; init; }

    /// <summary><c>reversescale</c>.</summary>
    [JsonPropertyName("reversescale")] public bool? ReverseScale { get; init; }

    /// <summary><c>zmin</c>: the value at the bottom of the colour scale.</summary>
    [JsonPropertyName("zmin")] public double? ZMin { get; init; }

    /// <summary><c>zmax</c>: the value at the top of the colour scale.</summary>
    [JsonPropertyName("zmax")] public double? ZMax { get; init; }

    /// <summary><c>colorbar</c>.</summary>
    [JsonPropertyName("colorbar")] public ColorBar? ColorBar { get; init; }

    /// <summary><c>showscale</c>: whether the colour bar is drawn.</summary>
    [JsonPropertyName("showscale")] public bool? ShowScale { get; init; }

    /// <summary><c>texttemplate</c>: a label drawn in every cell, e.g. <c>"%{z:.2f}"</c>.</summary>
    [JsonPropertyName("texttemplate")] public string? TextTemplate { get; init; }

    /// <inheritdoc/>
    [JsonIgnore] public override string TraceType => "heatmap";

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        int columns = Z.Count == 0 ? 0 : Z[0].Count;
        for (int i = 0; i < Z.Count; i++)
        {
            if (Z[i] is null || Z[i].Count != columns)
            {
                throw Invalid($"z row {i} has {Z[i]?.Count ?? 0} values but row 0 has {columns}; z must be rectangular");
            }
        }

        if (X is not null && Z.Count > 0 && X.Count != columns)
        {
            throw Invalid($"x has {X.Count} labels but z has {columns} columns");
        }

        if (Y is not null && Y.Count != Z.Count)
        {
            throw Invalid($"y has {Y.Count} labels but z has {Z.Count} rows");
        }

        if (ZMin is { } lo && ZMax is { } hi && !(lo < hi))
        {
            throw Invalid($"zmin ({lo}) must be less than zmax ({hi})");
        }
    }
}
