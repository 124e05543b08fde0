using NotebookKit.Claims;

namespace NotebookKit.Tests.Claims;

public class MeasureTests
{
    [Fact]
    public void Thresholds_compare_and_say_what_was_needed()
    {
        var rate = Measure.Of("final learning rate", 1.52587890625e-7);
        Assert.True(rate.IsBelow(1e-5).Holds);
        Assert.Equal("final learning rate = 1.53e-7, needs below 1e-5", rate.IsBelow(1e-5).Numbers);
        Assert.False(rate.IsAbove(1e-5).Holds);
        Assert.True(Measure.Of("drops", 8).IsAtLeast(8).Holds);
        Assert.True(Measure.Of("drops", 8).IsAtMost(8).Holds);
        Assert.True(Measure.Of("drops", 8).IsBetween(7, 9).Holds);
        Assert.False(Measure.Of("drops", 10).IsBetween(7, 9).Holds);
    }

    [Fact]
    public void NaN_never_passes_a_threshold()
    {
        var loss = Measure.Of("loss", double.NaN);
        Assert.False(loss.IsBelow(10).Holds);
        Assert.False(loss.IsAbove(10).Holds);
        Assert.False(loss.IsCloseTo(0, 1).Holds);
    }

    [Fact]
    public void Percent_measures_print_in_percent_and_points()
    {
        var acc = Measure.Of("accuracy", 0.8234, Unit.Percent);
        Assert.Equal("accuracy = 82.3%, needs above 80.0%", acc.IsAbove(0.8).Numbers);
        Assert.Equal("accuracy = 82.3%, needs 82.0% ± 0.5 points", acc.IsCloseTo(0.82, 0.005).Numbers);
        Assert.True(acc.IsCloseTo(0.82, 0.005).Holds);
    }

    [Fact]
    public void Ratios_between_measures()
    {
        var big = Measure.Of("movement with F = 0.5", 4.2);
        var small = Measure.Of("movement with F = 0.25", 0.3);
        Assert.True(big.IsAtLeastTimes(small, 10).Holds);
        Assert.Equal("movement with F = 0.5 = 4.2 vs movement with F = 0.25 = 0.3: ratio 14, needs at least 10", big.IsAtLeastTimes(small, 10).Numbers);
        Assert.False(big.IsAtLeastTimes(small, 20).Holds);
        Assert.True(small.IsBelow(big).Holds);
        Assert.True(big.IsAbove(small).Holds);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Measure.Of("", 1));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Measure.Of("x", 1).IsBetween(2, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Measure.Of("x", 1).IsCloseTo(1, -1));
        Assert.Throws<ArgumentException>(() => Measure.Of("x", 1).IsAtLeastTimes(Measure.Of("y", 1), 0));
    }
}
