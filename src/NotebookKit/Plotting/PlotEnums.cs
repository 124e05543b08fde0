using System.Runtime.Serialization;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>axis.type</c>.</summary>
public enum AxisType
{
    /// <summary><c>"linear"</c>.</summary>
    [EnumMember(Value = "linear")] Linear,

    /// <summary><c>"log"</c>: ranges are then given in log10 units.</summary>
    [EnumMember(Value = "log")] Log,

    /// <summary><c>"category"</c>.</summary>
    [EnumMember(Value = "category")] Category,
}

/// <summary>plotly.js <c>layout.hovermode</c>.</summary>
public enum HoverMode
{
    /// <summary><c>"x"</c>.</summary>
    [EnumMember(Value = "x")] X,

    /// <summary><c>"y"</c>.</summary>
    [EnumMember(Value = "y")] Y,

    /// <summary><c>"closest"</c>.</summary>
    [EnumMember(Value = "closest")] Closest,

    /// <summary><c>"x unified"</c>: one tooltip listing every trace at the hovered x.</summary>
    [EnumMember(Value = "x unified")] XUnified,

    /// <summary><c>"y unified"</c>.</summary>
    [EnumMember(Value = "y unified")] YUnified,

    /// <summary><c>false</c>: no hover labels.</summary>
    [EnumMember(Value = "false")] Off,
}

/// <summary>plotly.js scatter <c>mode</c>.</summary>
public enum ScatterMode
{
    /// <summary><c>"lines"</c>.</summary>
    [EnumMember(Value = "lines")] Lines,

    /// <summary><c>"markers"</c>.</summary>
    [EnumMember(Value = "markers")] Markers,

    /// <summary><c>"lines+markers"</c>.</summary>
    [EnumMember(Value = "lines+markers")] LinesAndMarkers,

    /// <summary><c>"markers+text"</c>.</summary>
    [EnumMember(Value = "markers+text")] MarkersAndText,
}

/// <summary>plotly.js <c>line.shape</c>: how consecutive points are joined.</summary>
public enum LineShape
{
    /// <summary><c>"linear"</c>: straight segments.</summary>
    [EnumMember(Value = "linear")] Linear,

    /// <summary><c>"hv"</c>: horizontal then vertical; a value holds until the next x (step schedules).</summary>
    [EnumMember(Value = "hv")] HorizontalThenVertical,

    /// <summary><c>"vh"</c>: vertical then horizontal.</summary>
    [EnumMember(Value = "vh")] VerticalThenHorizontal,

    /// <summary><c>"spline"</c>: smoothed.</summary>
    [EnumMember(Value = "spline")] Spline,
}

/// <summary>plotly.js <c>line.dash</c>.</summary>
public enum LineDash
{
    /// <summary><c>"solid"</c>.</summary>
    [EnumMember(Value = "solid")] Solid,

    /// <summary><c>"dash"</c>.</summary>
    [EnumMember(Value = "dash")] Dash,

    /// <summary><c>"dot"</c>.</summary>
    [EnumMember(Value = "dot")] Dot,

    /// <summary><c>"dashdot"</c>.</summary>
    [EnumMember(Value = "dashdot")] DashDot,

    /// <summary><c>"longdash"</c>.</summary>
    [EnumMember(Value = "longdash")] LongDash,
}

/// <summary>plotly.js histogram <c>histnorm</c>.</summary>
public enum HistogramNorm
{
    /// <summary><c>""</c>: raw counts.</summary>
    [EnumMember(Value = "")] Count,

    /// <summary><c>"percent"</c>.</summary>
    [EnumMember(Value = "percent")] Percent,

    /// <summary><c>"probability"</c>: fractions summing to 1.</summary>
    [EnumMember(Value = "probability")] Probability,

    /// <summary><c>"density"</c>: count divided by bin width.</summary>
    [EnumMember(Value = "density")] Density,

    /// <summary><c>"probability density"</c>: integrates to 1 (compares samples of different sizes).</summary>
    [EnumMember(Value = "probability density")] ProbabilityDensity,
}

/// <summary>plotly.js <c>layout.barmode</c>.</summary>
public enum BarMode
{
    /// <summary><c>"group"</c>: side by side.</summary>
    [EnumMember(Value = "group")] Group,

    /// <summary><c>"overlay"</c>: drawn over each other (histograms with opacity).</summary>
    [EnumMember(Value = "overlay")] Overlay,

    /// <summary><c>"stack"</c>.</summary>
    [EnumMember(Value = "stack")] Stack,
}

/// <summary>plotly.js bar <c>orientation</c>.</summary>
public enum BarOrientation
{
    /// <summary><c>"v"</c>: vertical columns (categories on x).</summary>
    [EnumMember(Value = "v")] Vertical,

    /// <summary><c>"h"</c>: horizontal bars (categories on y).</summary>
    [EnumMember(Value = "h")] Horizontal,
}
