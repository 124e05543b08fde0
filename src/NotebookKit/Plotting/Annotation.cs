using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>layout.annotations[i]</c>: text placed on the plot.</summary>
/// <remarks>On a log axis plotly.js wants annotation positions in log10 units (unlike shapes, which take data values).
/// <see cref="At"/> handles that for you.</remarks>
public sealed record Annotation
{
    /// <summary><c>text</c>.</summary>
    [JsonPropertyName("text")] public string Text { get; init; } = "";

    /// <summary><c>x</c>, in the units of <see cref="XRef"/>.</summary>
    [JsonPropertyName("x")] public double X { get; init; }

    /// <summary><c>y</c>, in the units of <see cref="YRef"/>.</summary>
    [JsonPropertyName("y")] public double Y { get; init; }

    /// <summary><c>xref</c>: <c>"x"</c>, <c>"x2"</c>, ... (data) or <c>"paper"</c> (0..1 across the plot area).</summary>
    [JsonPropertyName("xref")] public string XRef { get; init; } = "x";

    /// <summary><c>yref</c>: <c>"y"</c>, <c>"y2"</c>, ... or <c>"paper"</c>.</summary>
    [JsonPropertyName("yref")] public string YRef { get; init; } = "y";

    /// <summary><c>showarrow</c>.</summary>
    [JsonPropertyName("showarrow")] public bool ShowArrow { get; init; }

    /// <summary><c>xanchor</c>: <c>"auto"</c>, <c>"left"</c>, <c>"center"</c>, <c>"right"</c>.</summary>
    [JsonPropertyName("xanchor")] public string? XAnchor { get; init; }

    /// <summary><c>yanchor</c>: <c>"auto"</c>, <c>"top"</c>, <c>"middle"</c>, <c>"bottom"</c>.</summary>
    [JsonPropertyName("yanchor")] public string? YAnchor { get; init; }

    /// <summary><c>font</c>.</summary>
    [JsonPropertyName("font")] public Font? Font { get; init; }

    /// <summary><c>yshift</c>: pixels to move the label up (positive) or down, e.g. to stack labels in rows.</summary>
    [JsonPropertyName("yshift")] public double? YShift { get; init; }

    /// <summary><c>bgcolor</c>: a background behind the text.</summary>
    [JsonPropertyName("bgcolor")] public string? BackgroundColor { get; init; }

    /// <summary>A label at data x (converted to log10 when <paramref name="logX"/>) and at the top of the plot area.</summary>
    /// <param name="x">Data value on the x axis.</param>
    /// <param name="text">Label text.</param>
    /// <param name="logX">True when the x axis is a log axis.</param>
    /// <param name="xRef">The x axis id (<c>"x"</c>, <c>"x2"</c>, ...).</param>
    public static Annotation At(double x, string text, bool logX = false, string xRef = "x")
    {
        if (logX && !(x > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "A position on a log axis must be positive.");
        }

        return new Annotation
        {
            Text = text,
            X = logX ? Math.Log10(x) : x,
            XRef = xRef,
            Y = 1,
            YRef = "paper",
            YAnchor = "bottom",
            XAnchor = "left",
        };
    }
}
