using System.Text;

namespace NotebookKit.Plotting;

/// <summary>
/// The chart helpers' common finishing step: space for the plotly toolbar, the title, a legend above the plot and
/// rows of labels, so that nothing overlaps at notebook width, and a default height that leaves the plot its room.
/// </summary>
/// <remarks>
/// plotly.js does not move a title, a legend and axis titles apart: each sits where it is told. From the top of the
/// figure down this reserves: the toolbar's row (plotly shows it over the top right corner on hover), the title (left
/// aligned, wrapped at about 70 characters), the legend rows, then label rows just above the plot. The write-up tests
/// check the result in Chromium at 1000 and 760 px wide: no two of these texts overlap. Legend and label rows are
/// estimated for a figure whose plot area is 600 px wide when nothing sits beside it, the narrowest a notebook gives;
/// a legend or an axis on the right takes its estimated width out of that before labels are placed. Wider outputs keep
/// a little slack.
/// </remarks>
internal static class ChartLayout
{
    /// <summary>Pixels kept clear at the top for the plotly toolbar (its buttons are about 25 px tall, a few px from the top).</summary>
    public const int ToolbarRow = 46;

    /// <summary>The plot area's height when a helper chooses the figure's height.</summary>
    public const int PlotHeight = 300;

    /// <summary>The plot width, in pixels, that legend and label rows are estimated for when nothing sits to the right of the plot.</summary>
    public const int AssumedPlotWidth = 600;

    /// <summary>How much wider the right margin is when a legend or a second axis sits there (80 px instead of 30).</summary>
    private const int RightMarginExtra = 50;

    private const int TitleLineHeight = 22;
    private const int LegendRowHeight = 30; // measured in Chromium: plotly.js spaces 13 px legend entries 30 px apart
    private const int LegendPadding = 10; // the legend box's own padding above and below its rows
    private const int LabelRowHeight = 17;
    private const int MaxTitleCharacters = 70;
    private const int BottomMargin = 64;

    /// <summary>Pixels between the plot area and what sits above it (<see cref="Legend.Top"/>'s y of 1.05 is 15 px of a 300 px plot).</summary>
    private const int GapAbovePlot = 15;

    /// <summary>Arranges <paramref name="figure"/>'s title, legend and the labels above the plot.</summary>
    public static Figure Arrange(Figure figure)
    {
        Layout layout = figure.Layout;
        (layout, int labelRows) = StackTopLabels(figure.Data, layout);
        int titleLines = 0;
        if (layout.Title is { } title)
        {
            string wrapped = Wrap(title.Text);
            titleLines = wrapped.Split("<br>").Length;
            layout = layout with
            {
                Title = title with
                {
                    Text = wrapped,
                    X = 0,
                    XRef = "paper",
                    XAnchor = "left",
                    Y = 1,
                    YRef = "container",
                    YAnchor = "top",
                    Pad = new Margin(0, 0, ToolbarRow, 0),
                },
            };
        }

        int legendRows = 0;
        bool legendOnTop = layout.ShowLegend == true && (layout.Legend is null || layout.Legend == Legend.Below || layout.Legend.Y > 1);
        if (legendOnTop)
        {
            layout = layout with { Legend = Legend.Top };
            legendRows = LegendRows(figure.Data);
        }

        // Top: toolbar row, title lines, a gap, legend rows above the label rows, then a gap above the plot that the
        // half of the top tick label poking above the plot area needs.
        int top = ToolbarRow + (titleLines * TitleLineHeight) + 8
            + (legendRows > 0 ? (legendRows * LegendRowHeight) + LegendPadding : 0)
            + (labelRows * LabelRowHeight) + GapAbovePlot;
        bool rightAxis = layout.MoreAxes.Values.Any(a => a.Side == "right") || layout.Legend == Legend.Right;
        layout = layout with { Margin = new Margin(70, rightAxis ? 80 : 30, top, BottomMargin) };
        if (legendOnTop && labelRows > 0)
        {
            // The legend sits above the label rows: y is in plot-area units, so convert the rows' pixels.
            layout = layout with { Legend = Legend.Top with { Y = 1 + ((labelRows * LabelRowHeight) + (double)GapAbovePlot) / PlotHeight } };
        }

        layout = layout with { Height = layout.Height ?? (PlotHeight + top + BottomMargin) };
        return figure with { Layout = layout };
    }

    /// <summary>
    /// Labels on the first x axis above the plot (<see cref="Annotation.At"/>: y = 1 in plot units, anchored at the
    /// bottom) are put in rows, each in the lowest row where it does not run into a label on its left.
    /// </summary>
    private static (Layout Layout, int Rows) StackTopLabels(IReadOnlyList<Trace> traces, Layout layout)
    {
        if (layout.Annotations is not { Count: > 0 } annotations)
        {
            return (layout, 0);
        }

        bool logX = layout.XAxis?.Type == AxisType.Log;
        var top = annotations.Select((a, i) => (a, i)).Where(p => p.a.YRef == "paper" && p.a.Y == 1 && p.a.YAnchor == "bottom" && p.a.XRef == "x").ToList();
        if (top.Count == 0)
        {
            return (layout, 0);
        }

        double[] xs = [.. traces.OfType<ScatterTrace>().Where(t => t.XAxis is null or "x" && t.X is { IsCategorical: false })
            .SelectMany(t => t.X!.Numbers).Where(v => double.IsFinite(v) && (!logX || v > 0)).Select(v => logX ? Math.Log10(v) : v)];
        double low = xs.Length > 0 ? Math.Min(xs.Min(), top.Min(p => p.a.X)) : top.Min(p => p.a.X);
        double high = xs.Length > 0 ? Math.Max(xs.Max(), top.Max(p => p.a.X)) : top.Max(p => p.a.X);
        int[] rows = LabelRowsFor([.. top.Select(p => (p.a.X, p.a.Text))], low, high - low, LabelPlotWidth(traces, layout));
        var placed = annotations.ToArray();
        for (int k = 0; k < top.Count; k++)
        {
            placed[top[k].i] = top[k].a with { YShift = rows[k] == 0 ? null : rows[k] * LabelRowHeight };
        }

        return (layout with { Annotations = placed }, rows.Max() + 1);
    }

    /// <summary>
    /// The plot width labels above the plot are placed for: <see cref="AssumedPlotWidth"/> less what sits beside the plot
    /// on the right, which plotly.js takes from the plot (a vertical legend is as wide as its longest entry).
    /// </summary>
    /// <remarks>Measured in Chromium for the range test at 760 px wide: the figure is 728 px and its plot 496 px, where
    /// the same figure without the legend gives 600 px; this estimate (400 px) errs on the narrow side.</remarks>
    internal static int LabelPlotWidth(IEnumerable<Trace> traces, Layout layout)
    {
        // Arrange widens the right margin for a legend placed there even when it is hidden; the entries take room only when shown.
        bool legendRight = layout.Legend == Legend.Right;
        bool axisRight = layout.MoreAxes.Values.Any(a => a.Side == "right");
        int width = AssumedPlotWidth - (legendRight || axisRight ? RightMarginExtra : 0);
        if (legendRight && layout.ShowLegend == true)
        {
            width -= traces.Where(t => t.ShowLegend != false && t.Name is not null).Select(t => EntryWidth(t.Name!)).DefaultIfEmpty(0).Max();
        }

        return width;
    }

    /// <summary>A legend entry's width: symbol and gaps, then the text at a generous 8 px per character of the 13 px font.</summary>
    private static int EntryWidth(string name) => 46 + (name.Length * 8);

    /// <summary>
    /// Rows a horizontal legend takes at <see cref="AssumedPlotWidth"/>. plotly.js draws a legend group as a column of
    /// its entries, so each group is a block as wide as its longest entry and as tall as its entry count. Blocks that
    /// fit on one line stay on one line; otherwise they go into columns as wide as the widest block, and each line of
    /// blocks is as tall as its tallest block.
    /// </summary>
    internal static int LegendRows(IEnumerable<Trace> traces)
    {
        var blocks = new List<(string Key, int Entries, int Width)>();
        int ungrouped = 0;
        foreach (Trace trace in traces)
        {
            if (trace.ShowLegend == false || trace.Name is null)
            {
                continue;
            }

            int width = EntryWidth(trace.Name);
            string key = trace.LegendGroup ?? $"\u0000{ungrouped++}";
            int at = blocks.FindIndex(b => b.Key == key);
            blocks = at < 0
                ? [.. blocks, (key, 1, width)]
                : [.. blocks.Select((b, i) => i == at ? (b.Key, b.Entries + 1, Math.Max(b.Width, width)) : b)];
        }

        // On one line when everything fits; otherwise plotly.js lays the blocks out in columns as wide as the widest.
        const int gap = 10; // plotly.js's tracegroupgap
        if (blocks.Sum(b => b.Width + gap) <= AssumedPlotWidth)
        {
            return blocks.Count == 0 ? 0 : blocks.Max(b => b.Entries);
        }

        int column = blocks.Max(b => b.Width) + gap;
        int columns = Math.Max(1, AssumedPlotWidth / column);
        return blocks.Chunk(columns).Sum(line => line.Max(b => b.Entries));
    }

    /// <summary>Breaks a long title at spaces into lines of about 70 characters (plotly.js draws <c>&lt;br&gt;</c> as a line break).</summary>
    internal static string Wrap(string text)
    {
        if (text.Length <= MaxTitleCharacters || text.Contains("<br>", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        var lines = new StringBuilder();
        int lineLength = 0;
        foreach (string word in text.Split(' '))
        {
            if (lineLength > 0 && lineLength + 1 + word.Length > MaxTitleCharacters)
            {
                lines.Append("<br>");
                lineLength = 0;
            }
            else if (lineLength > 0)
            {
                lines.Append(' ');
                lineLength++;
            }

            lines.Append(word);
            lineLength += word.Length;
        }

        return lines.ToString();
    }

    /// <summary>
    /// Rows for labels at the given positions (log10 or linear units spanning <paramref name="span"/>) so that no two
    /// labels in a row overlap in a plot <paramref name="plotWidth"/> pixels wide: each label goes to the lowest row where
    /// it fits.
    /// </summary>
    /// <returns>The row of each label, in input order.</returns>
    internal static int[] LabelRowsFor(IReadOnlyList<(double Position, string Text)> labels, double low, double span, double plotWidth = AssumedPlotWidth)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => labels[i].Position).ToArray();
        var rows = new int[labels.Count];
        var rowEnds = new List<double>();
        foreach (int i in order)
        {
            double start = span > 0 ? (labels[i].Position - low) / span * plotWidth : 0;
            double end = start + (labels[i].Text.Length * 6.6) + 8;
            int row = rowEnds.FindIndex(e => e <= start);
            if (row < 0)
            {
                rowEnds.Add(end);
                row = rowEnds.Count - 1;
            }
            else
            {
                rowEnds[row] = end;
            }

            rows[i] = row;
        }

        return rows;
    }
}
