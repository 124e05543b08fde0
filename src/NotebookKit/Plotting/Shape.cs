using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>layout.shapes[i]</c>: a line or rectangle, e.g. a vertical line at a milestone.</summary>
/// <remarks>Shape positions on a log axis are data values (plotly.js converts them), unlike annotations.</remarks>
public sealed record Shape
{
    /// <summary><c>type</c>: <c>"line"</c> or <c>"rect"</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "line";

    /// <summary><c>x0</c>.</summary>
    [JsonPropertyName("x0")] public double X0 { get; init; }

    /// <summary><c>x1</c>.</summary>
    [JsonPropertyName("x1")] public double X1 { get; init; }

    /// <summary><c>y0</c>.</summary>
    [JsonPropertyName("y0")] public double Y0 { get; init; }

    /// <summary><c>y1</c>.</summary>
    [JsonPropertyName("y1")] public double Y1 { get; init; }

    /// <summary><c>xref</c>: <c>"x"</c>, <c>"x2"</c>, ... or <c>"paper"</c>.</summary>
    [JsonPropertyName("xref")] public string XRef { get; init; } = "x";

    /// <summary><c>yref</c>: <c>"y"</c>, ... or <c>"paper"</c>.</summary>
    [JsonPropertyName("yref")] public string YRef { get; init; } = "paper";

    /// <summary><c>line</c>.</summary>
    [JsonPropertyName("line")] public LineStyle? Line { get; init; }

    /// <summary><c>fillcolor</c> for rectangles.</summary>
    [JsonPropertyName("fillcolor")] public string? FillColor { get; init; }

    /// <summary><c>opacity</c>.</summary>
    [JsonPropertyName("opacity")] public double? Opacity { get; init; }

    /// <summary>A vertical line at data x across the whole height of the plot area.</summary>
    /// <param name="x">Data value (also on a log axis).</param>
    /// <param name="color">CSS colour.</param>
    /// <param name="dash">Dash style.</param>
    /// <param name="xRef">The x axis id (<c>"x"</c>, <c>"x2"</c>, ...).</param>
    public static Shape VerticalLine(double x, string color = "#d62728", LineDash dash = LineDash.Dash, string xRef = "x")
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "A vertical line needs a finite x.");
        }

        return new Shape
        {
            X0 = x,
            X1 = x,
            Y0 = 0,
            Y1 = 1,
            XRef = xRef,
            YRef = "paper",
            Line = new LineStyle { Color = color, Width = 1.5, Dash = dash },
        };
    }

    internal void Validate(int index)
    {
        if (Type is not ("line" or "rect"))
        {
            throw new ArgumentException($"layout.shapes[{index}].type must be \"line\" or \"rect\", got \"{Type}\".");
        }

        if (!double.IsFinite(X0) || !double.IsFinite(X1) || !double.IsFinite(Y0) || !double.IsFinite(Y1))
        {
            throw new ArgumentException($"layout.shapes[{index}] needs finite x0, x1, y0, y1.");
        }
    }
}
