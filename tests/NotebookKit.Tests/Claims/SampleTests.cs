using NotebookKit.Claims;

namespace NotebookKit.Tests.Claims;

public class SampleTests
{
    // Reference values from Python's statistics module (mean, stdev with n - 1) and the Welch formulas.
    private static readonly double[] A = [0.82, 0.85, 0.84, 0.83, 0.86];
    private static readonly double[] B = [0.80, 0.81, 0.79, 0.82, 0.80, 0.78];

    [Fact]
    public void Mean_sample_deviation_and_standard_error_follow_the_definitions()
    {
        var a = Sample.Of("a", A, Unit.Percent);
        Assert.Equal(0.84, a.Mean, 12);
        Assert.Equal(0.01581138830084191, a.StandardDeviation, 12);
        Assert.Equal(0.0070710678118654805, a.StandardError, 12);
        Assert.Equal((0.82, 0.86, 5), (a.Min, a.Max, a.Count));
    }

    [Fact]
    public void Welch_difference_matches_the_formula()
    {
        var d = Sample.Of("a", A).Minus(Sample.Of("b", B));
        Assert.Equal(0.04, d.Estimate, 12);
        Assert.Equal(0.00912870929175277, d.StandardError, 12);
        Assert.Equal(8.1967213114754, d.DegreesOfFreedom, 9);
        Assert.Equal(4.38178046004132, d.StandardErrors, 9);
        Assert.False(d.IsPaired);
    }

    [Fact]
    public void Paired_difference_uses_the_spread_of_the_per_run_differences()
    {
        double[] c = [0.81, 0.83, 0.83, 0.82, 0.84];
        var d = Sample.Of("a", A).Minus(Sample.Of("c", c), paired: true);
        Assert.Equal(0.014, d.Estimate, 12);
        Assert.Equal(0.002449489742783189, d.StandardError, 12);
        Assert.Equal(4, d.DegreesOfFreedom);
        // Unpaired, the same two samples are not even two standard errors apart.
        Assert.False(Sample.Of("a", A).Exceeds(Sample.Of("c", c)).Holds);
        Assert.True(Sample.Of("a", A).Exceeds(Sample.Of("c", c), paired: true).Holds);
    }

    [Fact]
    public void Exceeds_needs_the_margin_in_standard_errors()
    {
        var a = Sample.Of("cosine", A, Unit.Percent);
        var b = Sample.Of("constant", B, Unit.Percent);
        Assert.True(a.Exceeds(b, standardErrors: 4).Holds);       // 4.38 standard errors apart
        Assert.False(a.Exceeds(b, standardErrors: 4.5).Holds);
        Assert.False(b.Exceeds(a, standardErrors: 0).Holds);      // wrong direction never holds
        Assert.True(b.FallsBelow(a).Holds);
        Assert.False(a.FallsBelow(b, standardErrors: 0).Holds);
    }

    [Fact]
    public void Comparison_numbers_name_both_samples_the_difference_and_the_margin()
    {
        var evidence = Sample.Of("cosine", A, Unit.Percent).Exceeds(Sample.Of("constant", B, Unit.Percent));
        Assert.Equal(
            "cosine 84.00% ± 0.71 vs constant 80.00% ± 0.58 (5 and 6 runs): difference +4.00 ± 0.91 points (Welch, +4.4 standard errors); needs more than +2",
            evidence.Numbers);
    }

    [Fact]
    public void Identical_runs_have_no_spread_and_any_difference_in_the_right_direction_counts()
    {
        var high = Sample.Of("high", [0.5, 0.5]);
        var low = Sample.Of("low", [0.4, 0.4]);
        Assert.True(high.Exceeds(low).Holds);
        Assert.False(low.Exceeds(high).Holds);
        Assert.False(high.Exceeds(high).Holds);
        Assert.Contains("no spread between runs", high.Minus(low).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Mean_thresholds_subtract_the_margin_first()
    {
        var a = Sample.Of("accuracy", A, Unit.Percent);   // 84% ± 0.71
        Assert.True(a.MeanExceeds(0.82).Holds);           // 84 - 2 x 0.71 = 82.6 > 82
        Assert.False(a.MeanExceeds(0.83).Holds);
        Assert.True(a.MeanFallsBelow(0.86).Holds);
        Assert.True(a.AllExceed(0.81).Holds);
        Assert.False(a.AllExceed(0.82).Holds);
        Assert.True(a.AllFallBelow(0.87).Holds);
    }

    [Fact]
    public void Bad_samples_are_refused_with_the_rule_they_broke()
    {
        Assert.Equal("Sample 'x' has no values: give it one result per run.", Assert.Throws<ArgumentException>(() => Sample.Of("x", [])).Message);
        Assert.Contains("value 2 of 2 is NaN", Assert.Throws<ArgumentException>(() => Sample.Of("x", [1, double.NaN])).Message, StringComparison.Ordinal);
        Assert.Contains("single run", Assert.Throws<ArgumentException>(() => Sample.Of("x", [1]).Exceeds(Sample.Of("y", [0, 0.1]))).Message, StringComparison.Ordinal);
        Assert.Contains("same runs", Assert.Throws<ArgumentException>(() => Sample.Of("x", [1, 2]).Minus(Sample.Of("y", [1, 2, 3]), paired: true)).Message, StringComparison.Ordinal);
        Assert.Contains("same unit", Assert.Throws<ArgumentException>(() => Sample.Of("x", [1, 2], Unit.Percent).Minus(Sample.Of("y", [1, 2]))).Message, StringComparison.Ordinal);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => Sample.Of("x", [1, 2]).Exceeds(Sample.Of("y", [1, 2]), -1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_run_prints_without_a_spread()
    {
        Assert.Equal("one: 0.5 (1 run)", Sample.Of("one", [0.5]).ToString());
        Assert.Equal("acc: 84.00% ± 0.71 (mean ± standard error of 5 runs; sd 1.6)", Sample.Of("acc", A, Unit.Percent).ToString());
    }

    [Fact]
    public void Ordered_checks_every_adjacent_pair()
    {
        var top = Sample.Of("top", [0.9, 0.91, 0.92]);
        var mid = Sample.Of("mid", [0.8, 0.81, 0.82]);
        var low = Sample.Of("low", [0.7, 0.71, 0.72]);
        Assert.True(Evidence.Ordered(2, top, mid, low).Holds);
        Assert.False(Evidence.Ordered(2, top, low, mid).Holds);
        Assert.StartsWith("top 0.9100 ± 0.0058 > mid 0.8100 ± 0.0058 > low 0.7100 ± 0.0058: top - mid = +0.1000 ± 0.0082", Evidence.Ordered(2, top, mid, low).Numbers, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_lists_every_sample()
    {
        var table = Sample.Table(Sample.Of("cosine", A, Unit.Percent), Sample.Of("constant", B, Unit.Percent));
        string[] lines = table.ToString().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Equal("cosine    84.00% ± 0.71  1.6   82.0%    86.0%     5", lines[1]);
        Assert.Contains("<th style=\"text-align:left\">constant</th>", table.ToHtml(), StringComparison.Ordinal);
    }
}
