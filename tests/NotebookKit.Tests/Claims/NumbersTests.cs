using NotebookKit.Claims;

namespace NotebookKit.Tests.Claims;

public class NumbersTests
{
    [Theory]
    [InlineData(1.1e-5, "1.1e-5")]
    [InlineData(-2.5e-7, "-2.5e-7")]
    [InlineData(1.52587890625e-5, "1.53e-5")]
    [InlineData(0.000123456, "0.000123")]
    [InlineData(0.05, "0.05")]
    [InlineData(0.0500001, "0.05")]
    [InlineData(0.1234567, "0.123")]
    [InlineData(2.302585, "2.3")]
    [InlineData(42.46, "42.5")]
    [InlineData(999.6, "1000")]
    [InlineData(31_280, "31,280")]
    [InlineData(1234.4, "1234")]
    [InlineData(3e12, "3e+12")]
    [InlineData(0, "0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void Format_gives_three_significant_digits_and_never_dotnet_exponents(double value, string expected)
    {
        Assert.Equal(expected, Numbers.Format(value));
    }

    [Fact]
    public void Format_honours_the_requested_digits()
    {
        Assert.Equal("0.1235", Numbers.Format(0.123456, 4));
        Assert.Equal("0.1", Numbers.Format(0.123456, 1));
        Assert.Equal("1.2346e-5", Numbers.Format(1.23456e-5, 5));
    }

    [Fact]
    public void Percent_and_points_show_fractions_in_percent()
    {
        Assert.Equal("82.3%", Numbers.Percent(0.8234));
        Assert.Equal("100.0%", Numbers.Percent(1));
        Assert.Equal("82%", Numbers.Percent(0.8234, 0));
        Assert.Equal("+2.1 points", Numbers.Points(0.021));
        Assert.Equal("-0.4 points", Numbers.Points(-0.004));
        Assert.Equal("+0.0 points", Numbers.Points(0));
    }

    [Fact]
    public void A_value_with_its_error_keeps_two_significant_digits_of_the_error()
    {
        Assert.Equal("0.412 ± 0.013", Numbers.WithError(0.41234, 0.01321));
        Assert.Equal("82.34% ± 0.41", Numbers.WithError(0.82341, 0.00412, Unit.Percent));
        Assert.Equal("82.3% ± 1.3", Numbers.WithError(0.82341, 0.0132, Unit.Percent));
        Assert.Equal("1234 ± 56", Numbers.WithError(1234.4, 56.2));
        Assert.Equal("0.5 ± 0", Numbers.WithError(0.5, 0));
        Assert.Equal("+2.11 ± 0.52 points", Numbers.DifferenceWithError(0.0211, 0.00521, Unit.Percent));
        Assert.Equal("-0.035 ± 0.012", Numbers.DifferenceWithError(-0.0351, 0.0121));
        Assert.Equal("+0.04 ± 0", Numbers.DifferenceWithError(0.04, 0));
    }

    [Fact]
    public void A_tiny_error_does_not_print_more_than_six_significant_digits_of_the_value()
    {
        Assert.Equal("2.30259 ± 0.00000", Numbers.WithError(2.302585093, 1e-9));
    }

    [Fact]
    public void Out_of_range_precision_is_refused_with_the_rule()
    {
        var e = Assert.Throws<ArgumentException>(() => Numbers.Format(1, 0));
        Assert.Equal("Significant digits must be between 1 and 15, got 0.", e.Message);
        Assert.Throws<ArgumentException>(() => Numbers.Percent(0.5, 7));
    }
}
