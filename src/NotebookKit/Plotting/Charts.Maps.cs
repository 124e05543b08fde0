namespace NotebookKit.Plotting;

public static partial class Charts
{
    /// <summary>
    /// One value per pixel of an image, drawn as the image: row 0 at the top, one colour per value (e.g. the effective
    /// learning rate of each input pixel's weights). Missing values (<c>NaN</c>) are left blank.
    /// </summary>
    /// <param name="values"><c>values[row][column]</c>; every row as long as the first.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="colorTitle">What the colours mean, shown beside the colour bar.</param>
    /// <param name="colorScale">A plotly.js colour scale name (<c>"Viridis"</c> by default).</param>
    public static Figure ImageMap(
        IReadOnlyList<IReadOnlyList<double>> values,
        string? title = null,
        string? colorTitle = null,
        string colorScale = "Viridis")
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0 || values[0] is null || values[0].Count == 0)
        {
            throw new ArgumentException("values needs at least one row with at least one value.", nameof(values));
        }

        int columns = values[0].Count;
        for (int row = 1; row < values.Count; row++)
        {
            if (values[row] is null || values[row].Count != columns)
            {
                throw new ArgumentException($"values row {row} must have {columns} values like row 0.", nameof(values));
            }
        }

        var trace = new HeatmapTrace
        {
            Z = values,
            ColorScale = string.IsNullOrWhiteSpace(colorScale) ? "Viridis" : colorScale,
            ColorBar = new ColorBar { Title = colorTitle is null ? null : new Title(colorTitle) { Side = "right" } },
            HoverTemplate = "row %{y}, column %{x}: %{z}<extra></extra>",
        };
        // Square cells: the plot is as wide as it is tall for a square image, the colour bar to its right.
        int width = Math.Clamp(ChartLayout.PlotHeight * columns / values.Count, 120, 900) + 220;
        return ChartLayout.Arrange(new Figure(trace) with
        {
            Layout = new Layout
            {
                Title = title,
                XAxis = new Axis { Title = "column" },
                YAxis = new Axis { Title = "row", AutoRange = "reversed" },
                Width = width,
            },
        });
    }
}
