using NotebookKit.Plotting;
using NotebookKit.Training.RangeTest;

namespace NotebookKit.Tests.Training.RangeTest;

public sealed class RangeTestChartTests
{
    [Fact]
    public void The_y_range_shows_every_raw_loss_up_to_the_minimum_and_the_last_suggestion()
    {
        double[] lrs = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
        double[] smoothed = [2.3, 2.3, 2.2, 1.6, 1.2, 3.0, 9.0];
        // A raw spike of 4.1 at 1e-3, before the minimum: the choice is made there, so it must stay on the chart.
        double[] raw = [2.4, 2.2, 4.1, 1.5, 1.1, 5.0, 40.0];

        Figure figure = RangeTestChart.Create(lrs, smoothed, [new VerticalMark("minimum/10", 1e-2)], raw);

        double[] range = [.. figure.Layout!.YAxis!.Range!];
        Assert.True(range[0] < 1.1, $"bottom {range[0]} cuts the lowest raw loss 1.1");
        Assert.True(range[1] > 4.1, $"top {range[1]} cuts the raw spike 4.1 before the minimum");
        // Past the minimum (lr 0.1) the diverging tail is allowed to leave the top.
        Assert.True(range[1] < 5.0, $"top {range[1]} should not stretch to the diverging tail");
    }

    [Fact]
    public void A_suggestion_past_the_minimum_extends_the_shown_part()
    {
        double[] lrs = [1e-3, 1e-2, 1e-1, 1];
        double[] smoothed = [2.0, 1.0, 1.5, 8.0];
        double[] raw = [2.0, 1.0, 3.0, 20.0];

        Figure figure = RangeTestChart.Create(lrs, smoothed, [new VerticalMark("steep", 0.1)], raw);

        Assert.True(figure.Layout!.YAxis!.Range![1] > 3.0);
        Assert.True(figure.Layout.YAxis.Range[1] < 8.0);
    }

    [Fact]
    public void Mark_labels_use_a_short_exponent()
    {
        Figure figure = RangeTestChart.Create([1e-6, 1e-5, 1e-4], [2, 1, 3], [new VerticalMark("valley", 3.162e-5)]);

        string json = figure.ToJson();

        Assert.Contains("valley: 3.16e-5", json, StringComparison.Ordinal);
        Assert.DoesNotContain("3.16E-05", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_prints_small_suggestions_with_a_short_exponent()
    {
        double[] lrs = [1e-6, 1e-5, 1e-4];
        var result = new RangeTestResult(lrs, [2, 1, 3], [2, 1, 3], 3, false, new RangeTestSuggestions(3.162e-5, 2e-6, null));

        Assert.Contains("valley 3.16e-5, steep 2e-6, minimum/10 none", result.ToString(), StringComparison.Ordinal);
        Assert.Contains(">3.16e-5<", result.ToHtml(), StringComparison.Ordinal);
        Assert.DoesNotContain("E-0", result.ToHtml(), StringComparison.Ordinal);
    }
}
