using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

/// <summary>The chart helpers' shared layout: room for the toolbar, the title, legend rows and stacked labels.</summary>
public sealed class ChartLayoutTests
{
    [Fact]
    public void Title_sits_below_the_toolbar_row_left_aligned_and_wrapped()
    {
        string longTitle = string.Join(' ', Enumerable.Repeat("SGD with ReduceLROnPlateau", 5));
        Figure figure = Charts.Lines([1, 2], [new Series("a", [1, 2])], longTitle);
        Title title = figure.Layout.Title!;
        Assert.Equal(("container", 1.0, "top", (double)ChartLayout.ToolbarRow), (title.YRef, title.Y, title.YAnchor, title.Pad!.Top));
        Assert.Equal(("paper", 0.0, "left"), (title.XRef, title.X, title.XAnchor));
        Assert.All(title.Text.Split("<br>"), line => Assert.InRange(line.Length, 1, 70));
        Assert.Equal(longTitle, title.Text.Replace("<br>", " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Legends_go_above_the_plot_with_their_rows_reserved_in_the_top_margin()
    {
        Series[] few = [new("a", [1, 2]), new("b", [2, 1])];
        Series[] many = [.. Enumerable.Range(0, 8).Select(i => new Series($"CosineAnnealingLR(T_max={i}00), a long name", [1, 2]))];
        Figure small = Charts.Lines([1, 2], few, "t");
        Figure large = Charts.Lines([1, 2], many, "t");

        Assert.Equal(Legend.Top, small.Layout.Legend);
        Assert.Equal(1, ChartLayout.LegendRows(small.Data));
        Assert.Equal(8, ChartLayout.LegendRows(large.Data)); // each entry is about 400 px: one per row at 600 px
        Assert.Equal(7 * 30, large.Layout.Margin!.Top - small.Layout.Margin!.Top);
        Assert.Equal(300, large.Layout.Height - large.Layout.Margin.Top - large.Layout.Margin.Bottom); // the plot keeps its height
    }

    [Fact]
    public void A_legend_group_is_a_column_of_its_entries()
    {
        // plotly.js stacks a group's entries: a schedule with its momentum takes two rows.
        Figure figure = Charts.Schedules(
            [new ScheduleSeries("one-cycle", NotebookKit.Schedules.Schedule.OneCycle(0.1, totalSteps: 10), NotebookKit.Schedules.Schedule.Constant(0.9)), new ScheduleSeries("step", NotebookKit.Schedules.Schedule.Constant(0.05))],
            10);
        Assert.Equal(2, ChartLayout.LegendRows(figure.Data));
    }

    [Fact]
    public void Labels_above_the_plot_that_would_collide_are_stacked_in_rows()
    {
        Figure figure = NotebookKit.Training.RangeTest.RangeTestChart.Create([1e-4, 1e-3, 1e-2, 1e-1, 1], [2.3, 2.2, 1.5, 1.2, 9],
            [new VerticalMark("valley", 0.01), new VerticalMark("minimum/10", 0.012), new VerticalMark("steep", 0.015), new VerticalMark("far", 0.0001)]);
        var labels = figure.Layout.Annotations!;
        Assert.Equal([0.0, 17.0, 34.0, 0.0], labels.Select(a => a.YShift ?? 0));
        Assert.Equal(Legend.Right, figure.Layout.Legend);
        Assert.Equal(ChartLayout.ToolbarRow + 22 + 8 + (3 * 17) + 15, figure.Layout.Margin!.Top);
    }

    [Fact]
    public void A_legend_beside_the_plot_narrows_the_room_the_labels_are_placed_in()
    {
        // Five decades; the two labels are one decade apart: about 110 px in a 550 px plot, 80 px in a 400 px one, and
        // "valley: 0.001" is estimated at 94 px. With the legend on the right (as in a notebook 760 px wide, where
        // Chromium gives this plot 496 px of 728) the second label must go up a row.
        double[] rates = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1];
        double[] losses = [2.3, 2.3, 2.0, 1.5, 1.4, 9];
        VerticalMark[] marks = [new("valley", 1e-3), new("steep", 1e-2)];
        Figure noLegend = NotebookKit.Training.RangeTest.RangeTestChart.Create(rates, losses, marks);
        Figure withLegend = NotebookKit.Training.RangeTest.RangeTestChart.Create(rates, losses, marks, rawLosses: losses);

        Assert.Equal(550, ChartLayout.LabelPlotWidth(noLegend.Data, noLegend.Layout));
        Assert.Equal(600 - 50 - (46 + ("smoothed loss".Length * 8)), ChartLayout.LabelPlotWidth(withLegend.Data, withLegend.Layout));
        Assert.Equal([0.0, 0.0], noLegend.Layout.Annotations!.Select(a => a.YShift ?? 0));
        Assert.Equal([0.0, 17.0], withLegend.Layout.Annotations!.Select(a => a.YShift ?? 0));
        Figure legendOnTop = Charts.Lines([1, 2], [new Series("a", [1, 2])], "t");
        Assert.Equal(600, ChartLayout.LabelPlotWidth(legendOnTop.Data, legendOnTop.Layout)); // nothing beside the plot
    }

    [Theory]
    [InlineData(0.1, 0.3, null)] // under half a decade: plotly's plain labels
    [InlineData(0.5, 2, 2)] // 0.6 decade: 1, 2, 5 labels
    [InlineData(0.01, 1, 4)] // two decades: 1, 2, 5 labels
    [InlineData(1e-5, 10, 7)] // six decades: every power of ten
    [InlineData(1e-12, 1e12, 12)] // at most 12 labels
    public void Log_axes_get_tick_counts_that_keep_labels_apart(double low, double high, int? expected)
    {
        Assert.Equal(expected, new Axis { Type = AxisType.Log }.LogTicks(low, high).NTicks);
        Assert.Null(new Axis().LogTicks(low, high).NTicks);
    }
}
