using NotebookKit.Training.RangeTest;

namespace NotebookKit.Tests.Training.RangeTest;

public class RangeTestAnalysisTests
{
    [Fact]
    public void The_sweep_is_geometric_from_start_towards_end()
    {
        var sweep = new ExponentialSweep(1e-7, 10, 100);
        Assert.Equal(1e-7, sweep.ValueAt(0));
        Assert.Equal(10, sweep.ValueAt(100), 10);
        Assert.Equal(1e-7 * Math.Pow(1e8, 0.5), sweep.ValueAt(50), 15);
        var lrs = sweep.LearningRates();
        Assert.Equal(100, lrs.Length);
        for (int i = 1; i < lrs.Length; i++)
        {
            Assert.Equal(Math.Pow(1e8, 0.01), lrs[i] / lrs[i - 1], 10);
        }

        Assert.Contains("end_lr", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialSweep(1, 0.5)).Message);
    }

    [Fact]
    public void Smoothing_is_a_bias_corrected_moving_average()
    {
        // v1 = 0.02·1 = 0.02 → 0.02/0.02 = 1; v2 = 0.98·0.02 + 0.02·2 = 0.0596 → 0.0596/(1 − 0.98²) = 0.0596/0.0396.
        var s = RangeTestAnalysis.Smooth([1, 2]);
        Assert.Equal(1, s[0], 12);
        Assert.Equal(0.0596 / 0.0396, s[1], 12);
        Assert.All(RangeTestAnalysis.Smooth(Enumerable.Repeat(3.0, 50).ToArray()), v => Assert.Equal(3, v, 10));
    }

    [Fact]
    public void Valley_lands_in_the_lower_third_of_the_longest_decreasing_run()
    {
        double[] losses = [3, 3, 3, 2.9, 2.5, 2, 1.5, 1, 0.8, 0.7, 0.9, 2, 5];
        double[] lrs = losses.Select((_, i) => Math.Pow(10, i - 6)).ToArray();
        // Longest strictly decreasing subsequence: 3, 2.9, 2.5, 2, 1.5, 1, 0.8, 0.7 (length 8, ending at index 9).
        // fastai: start = 9 − 8 = 1, sections = 8/3, idx = 1 + int(2.67) + int(1.33) = 4.
        var (lr, index) = RangeTestAnalysis.Valley(lrs, losses);
        Assert.Equal(4, index);
        Assert.Equal(lrs[4], lr);
    }

    [Fact]
    public void Steep_picks_the_largest_drop_per_log_step()
    {
        double[] lrs = Enumerable.Range(0, 10).Select(i => Math.Pow(10, i - 5)).ToArray();
        double[] losses = [2, 1.95, 1.9, 1.8, 1.2, 1.1, 1.05, 1.0, 1.5, 4];
        // Equal log spacing, so the steepest slope is the largest drop: 1.8 → 1.2 between indices 3 and 4.
        Assert.Equal((lrs[3], 3), RangeTestAnalysis.Steep(lrs, losses));
    }

    [Fact]
    public void Minimum_is_a_tenth_of_the_rate_at_the_lowest_loss()
    {
        double[] lrs = [1e-3, 1e-2, 1e-1, 1];
        Assert.Equal((1e-1 / 10, 2), RangeTestAnalysis.Minimum(lrs, [3, 2, 1, 9]));
    }

    [Fact]
    public void Suggestions_trim_the_first_tenth_the_last_five_and_from_the_first_NaN()
    {
        // 100 points; the global minimum sits in the last five points and in the first ten, both trimmed away.
        double[] lrs = Enumerable.Range(0, 100).Select(i => Math.Pow(10, (i / 10.0) - 7)).ToArray();
        double[] losses = Enumerable.Range(0, 100).Select(i => 2.0 - (i / 100.0)).ToArray();
        losses[3] = 0.1;
        losses[97] = 0.1;
        var s = RangeTestAnalysis.Suggest(lrs, losses, 100);
        // After trimming, points 10..94 decrease strictly, so the minimum is at 94.
        Assert.Equal(lrs[94] / 10, s.Minimum);

        losses[50] = double.NaN;
        s = RangeTestAnalysis.Suggest(lrs, losses, 100);
        Assert.Equal(lrs[49] / 10, s.Minimum);
        // Points 10..49 (40 of them) decrease strictly; fastai's start = 39 − 40 = −1 within the slice,
        // sections = 40/3, idx = −1 + 13 + 6 = 18 in the slice, i.e. point 28.
        Assert.Equal(lrs[28], s.Valley);
    }

    [Fact]
    public void Too_few_points_give_no_suggestion()
    {
        Assert.Equal(new RangeTestSuggestions(null, null, null), RangeTestAnalysis.Suggest([1e-3, 1e-2, 1e-1], [1, 0.5, 2], 100));
    }
}
