namespace NotebookKit.Plotting;

/// <summary>
/// The confusion matrix's size and margins, from its class count and its longest class name, so that every tick label,
/// both axis titles, the colour bar with its title and the chart title are drawn inside the figure and apart.
/// </summary>
/// <remarks>
/// plotly.js places tick labels and titles where it is told and clips whatever leaves the SVG: with fixed 70 px margins
/// "automobile" ran under the "true class" title, rotated x labels reached the bottom edge, and a title anchored at a
/// wide left margin ran off the right. Widths are estimated at <see cref="CharacterWidth"/> per character of the
/// template's 13 px font (DejaVu Sans measures 7.3 px for "automobile" in Chromium; wider fallback fonts need the rest).
/// The axes keep the template's <c>automargin</c> as a safety net for fonts wider still. Categories are labelled
/// horizontally when the longest name fits its cell, otherwise at -45 degrees (rising to the right, ending under the
/// tick), which keeps neighbours apart down to cells about 24 px wide.
/// </remarks>
internal static class ConfusionMatrixLayout
{
    /// <summary>Estimated pixels per character of a 13 px label, rounded up for fonts wider than DejaVu Sans.</summary>
    internal const double CharacterWidth = 8;

    /// <summary>The angle of x tick labels that do not fit their cell.</summary>
    internal const double SlantedAngle = -45;

    private const int LabelHeight = 17; // one line of 13 px text
    private const int TickRoom = 12; // the 5 px outside tick and plotly.js's gap before its label
    private const int AxisTitleRoom = 40; // an axis title's 19 px line, its 10 px standoff and a gap at the edge
    private const int CellSize = 44;
    private const int MinPlotSize = 220;
    private const int MaxPlotSize = 660;
    private const int TitleIndent = 16;
    private const int AxisTitleStandoff = 10;

    /// <summary>Sizes <paramref name="figure"/> (already <see cref="ChartLayout.Arrange"/>d) for <paramref name="classNames"/>.</summary>
    /// <param name="figure">The confusion matrix figure.</param>
    /// <param name="classNames">The category labels on both axes.</param>
    /// <param name="colorBarLabelCharacters">Characters in the colour bar's widest tick label ("100%", or the count's digits).</param>
    public static Figure Apply(Figure figure, IReadOnlyList<string> classNames, int colorBarLabelCharacters)
    {
        Layout layout = figure.Layout;
        int k = classNames.Count;
        int nameWidth = (int)Math.Ceiling(classNames.Max(n => n.Length) * CharacterWidth);
        int plot = Math.Clamp(CellSize * k, MinPlotSize, MaxPlotSize);
        bool slanted = nameWidth + 8 > plot / k;

        // A label turned by 45 degrees drops by (width + height) / sqrt(2) below its tick.
        int labelDrop = slanted ? (int)Math.Ceiling((nameWidth + LabelHeight) * Math.Sqrt(0.5)) : LabelHeight;
        int left = Math.Max(70, TickRoom + nameWidth + AxisTitleRoom);
        int bottom = Math.Max(64, TickRoom + labelDrop + AxisTitleRoom);

        // plotly.js's colour bar: 2% of the plot, 10 px pad, a 30 px bar, its tick labels, the title beside them.
        int right = (int)Math.Ceiling((0.02 * plot) + 10 + 30 + 10 + (colorBarLabelCharacters * CharacterWidth) + 8 + 24 + 10);
        int top = (int)(layout.Margin?.Top ?? ChartLayout.ToolbarRow);

        // The title starts near the figure's left edge (not the plot's, which a long name pushes far right) and the
        // figure is at least as wide as the title's longest line at the 17 px title font.
        Title? title = layout.Title is { } t ? t with { XRef = "container", X = 0, Pad = new Margin(TitleIndent, 0, ChartLayout.ToolbarRow, 0) } : null;
        int titleWidth = title is null ? 0 : (int)Math.Ceiling(title.Text.Split("<br>").Max(line => line.Length) * CharacterWidth * 17 / 13) + (2 * TitleIndent);
        int width = Math.Max(left + plot + right, titleWidth);

        return figure with
        {
            Layout = layout with
            {
                Title = title,
                XAxis = (layout.XAxis ?? new Axis()) with { TickAngle = slanted ? SlantedAngle : 0, Title = Standoff(layout.XAxis?.Title) },
                YAxis = (layout.YAxis ?? new Axis()) with { Title = Standoff(layout.YAxis?.Title) },
                Margin = new Margin(left, right, top, bottom),
                Width = width,
                Height = top + plot + bottom,
            },
        };
    }

    private static Title? Standoff(Title? title) => title is null ? null : title with { Standoff = AxisTitleStandoff };
}
