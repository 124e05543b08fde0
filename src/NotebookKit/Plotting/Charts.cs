using System.Globalization;

namespace NotebookKit.Plotting;

/// <summary>
/// Ready-made figures from plain data (arrays, schedules), so every module and notebook draws the same way.
/// Each helper validates its input and names the argument that broke a rule.
/// </summary>
/// <remarks>One file per family of charts: <c>Charts.cs</c> (lines, bars), <c>Charts.Schedules.cs</c>,
/// <c>Charts.Training.cs</c> (history, heatmaps, confusion matrix), <c>Charts.Weights.cs</c>. The range-test chart lives with the range test (<c>NotebookKit.Training.RangeTest.RangeTestChart</c>).</remarks>
public static partial class Charts
{
    /// <summary>The template's colourway (d3 category 10), for pairing traces that share a colour.</summary>
    internal static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Several series against one x: a generic line chart.</summary>
    /// <param name="x">The shared x values.</param>
    /// <param name="series">One line per series, each with as many values as <paramref name="x"/>.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">x axis title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="logY">Log y axis (e.g. losses or learning rates over decades).</param>
    public static Figure Lines(
        IReadOnlyList<double> x,
        IEnumerable<Series> series,
        string? title = null,
        string? xTitle = null,
        string? yTitle = null,
        bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        List<Series> list = CheckSeries(series, nameof(series), x.Count, nameof(x));
        Trace[] traces = list
            .Select(s => (Trace)new ScatterTrace { Name = s.Name, X = PlotArray.Of(x), Y = PlotArray.Of(s.Values) })
            .ToArray();
        var yAxis = new Axis { Title = yTitle, Type = logY ? AxisType.Log : null, ExponentFormat = logY ? "power" : null };
        if (logY && PositiveRange(list.SelectMany(s => s.Values)) is (double low, double high))
        {
            yAxis = yAxis.LogTicks(low, high);
        }

        return ChartLayout.Arrange(new Figure(traces) with
        {
            Layout = new Layout
            {
                Title = title,
                XAxis = new Axis { Title = xTitle },
                YAxis = yAxis,
                HoverMode = HoverMode.XUnified,
                ShowLegend = list.Count > 1,
            },
        });
    }

    /// <summary>One bar per category, with its value written on the bar.</summary>
    /// <param name="categories">Category labels (x).</param>
    /// <param name="values">One value per category.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="valueFormat">.NET format for the labels on the bars, e.g. <c>"P1"</c> for accuracies; <c>"G4"</c> by default.</param>
    public static Figure Bar(
        IReadOnlyList<string> categories,
        IReadOnlyList<double> values,
        string? title = null,
        string? yTitle = null,
        string valueFormat = "G4")
    {
        ArgumentNullException.ThrowIfNull(values);
        return Bars(categories, [new Series(yTitle ?? "value", values)], title, yTitle, valueFormat);
    }

    /// <summary>Grouped bars: one colour per series, one group per category (e.g. optimizers × weight-decay modes).</summary>
    /// <param name="categories">Category labels (x).</param>
    /// <param name="series">One bar per category in each series.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="valueFormat">.NET format for the labels on the bars.</param>
    public static Figure Bars(
        IReadOnlyList<string> categories,
        IEnumerable<Series> series,
        string? title = null,
        string? yTitle = null,
        string valueFormat = "G4")
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(valueFormat);
        List<Series> list = CheckSeries(series, nameof(series), categories.Count, nameof(categories));
        Trace[] traces = list
            .Select(s => (Trace)new BarTrace
            {
                Name = s.Name,
                X = PlotArray.Of(categories),
                Y = PlotArray.Of(s.Values),
                Text = PlotArray.Of(s.Values.Select(v => v.ToString(valueFormat, CultureInfo.InvariantCulture))),
                TextPosition = "auto",
            })
            .ToArray();
        return ChartLayout.Arrange(new Figure(traces) with
        {
            Layout = new Layout
            {
                Title = title,
                YAxis = new Axis { Title = yTitle },
                BarMode = BarMode.Group,
                ShowLegend = list.Count > 1,
            },
        });
    }

    /// <summary>The smallest and largest finite positive values, or null when there are none (for log-axis ticks).</summary>
    internal static (double Low, double High)? PositiveRange(IEnumerable<double> values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (double.IsFinite(v) && v > 0)
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
        }

        return low <= high ? (low, high) : null;
    }

    /// <summary>Formats a number for an axis category or a mark label, 3 significant digits: 0.001 → "0.001", 3.162e-5 → "3.16e-5".</summary>
    internal static string Label(double value)
    {
        string text = value.ToString("G3", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E', StringComparison.Ordinal);
        return e < 0
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..e]}e{int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)}");
    }

    /// <summary>Checks a list of series: non-empty, no null entries, each <paramref name="length"/> long.</summary>
    internal static List<Series> CheckSeries(IEnumerable<Series> series, string name, int length, string lengthName)
    {
        ArgumentNullException.ThrowIfNull(series, name);
        List<Series> list = [.. series];
        if (list.Count == 0)
        {
            throw new ArgumentException("Give at least one series.", name);
        }

        for (int i = 0; i < list.Count; i++)
        {
            Series s = list[i] ?? throw new ArgumentException($"Series {i} is null.", name);
            if (s.Name is null || s.Values is null)
            {
                throw new ArgumentException($"Series {i} needs a name and values.", name);
            }

            if (s.Values.Count != length)
            {
                throw new ArgumentException($"Series '{s.Name}' has {s.Values.Count} values but {lengthName} has {length}; they must match.", name);
            }
        }

        return list;
    }

    /// <summary>Checks that <paramref name="values"/>, when given, has <paramref name="length"/> values.</summary>
    internal static void CheckLength(IReadOnlyList<double>? values, int length, string name, string lengthName)
    {
        if (values is not null && values.Count != length)
        {
            throw new ArgumentException($"{name} has {values.Count} values but {lengthName} has {length}; they must match.", name);
        }
    }
}
