using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>layout.grid</c>: a subplot grid. Traces pick a cell with <c>xaxis: "x2"</c>, <c>yaxis: "y2"</c>.</summary>
/// <remarks>With <c>pattern: "independent"</c> cell k (row-major, 1-based) uses axes <c>xk</c>/<c>yk</c>.</remarks>
public sealed record LayoutGrid
{
    /// <summary><c>rows</c>.</summary>
    [JsonPropertyName("rows")] public int Rows { get; init; } = 1;

    /// <summary><c>columns</c>.</summary>
    [JsonPropertyName("columns")] public int Columns { get; init; } = 1;

    /// <summary><c>pattern</c>: <c>"independent"</c> (own axes per cell) or <c>"coupled"</c> (shared x per column, y per row).</summary>
    [JsonPropertyName("pattern")] public string Pattern { get; init; } = "independent";

    /// <summary><c>roworder</c>: <c>"top to bottom"</c> or <c>"bottom to top"</c>.</summary>
    [JsonPropertyName("roworder")] public string RowOrder { get; init; } = "top to bottom";

    /// <summary><c>xgap</c>: horizontal gap as a fraction of a cell.</summary>
    [JsonPropertyName("xgap")] public double? XGap { get; init; }

    /// <summary><c>ygap</c>: vertical gap as a fraction of a cell.</summary>
    [JsonPropertyName("ygap")] public double? YGap { get; init; }

    internal void Validate()
    {
        if (Rows < 1 || Columns < 1)
        {
            throw new ArgumentException($"layout.grid needs rows >= 1 and columns >= 1, got {Rows} x {Columns}.");
        }

        if (Pattern is not ("independent" or "coupled"))
        {
            throw new ArgumentException($"layout.grid.pattern must be \"independent\" or \"coupled\", got \"{Pattern}\".");
        }

        if (RowOrder is not ("top to bottom" or "bottom to top"))
        {
            throw new ArgumentException($"layout.grid.roworder must be \"top to bottom\" or \"bottom to top\", got \"{RowOrder}\".");
        }
    }
}
