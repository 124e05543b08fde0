using NotebookKit.Claims;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Tests.Claims;

public class ClaimTests
{
    private static readonly Sample Cosine = Sample.Of("cosine", [0.82, 0.85, 0.84, 0.83, 0.86], Unit.Percent);
    private static readonly Sample Constant = Sample.Of("constant", [0.80, 0.81, 0.79, 0.82, 0.80, 0.78], Unit.Percent);

    [Fact]
    public void A_claim_that_holds_is_returned_with_its_numbers()
    {
        var claim = Claim.That("Cosine decay ends above the constant rate", Cosine.Exceeds(Constant));
        Assert.True(claim.Holds);
        Assert.Equal("Cosine decay ends above the constant rate", claim.Statement);
        Assert.StartsWith("✓ Claim: Cosine decay ends above the constant rate (cosine 84.00% ± 0.71 vs constant 80.00% ± 0.58", claim.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_that_holds_displays_as_html_marked_holds()
    {
        string html = Claim.That("a < b", Measure.Of("a", 1).IsBelow(2)).ToHtml();
        Assert.Contains("data-nbkit-claim=\"holds\"", html, StringComparison.Ordinal);
        Assert.Contains("✓", html, StringComparison.Ordinal);
        Assert.Contains("a &lt; b", html, StringComparison.Ordinal);   // the statement is encoded
        Assert.Contains("(a = 1, needs below 2)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_the_run_does_not_support_throws_with_the_claim_and_the_numbers()
    {
        var e = Assert.Throws<ClaimNotSupportedException>(() =>
            Claim.That("The constant rate ends above cosine decay", Constant.Exceeds(Cosine)));
        Assert.StartsWith(
            "This run does not support the claim \"The constant rate ends above cosine decay\": constant 80.00% ± 0.58 vs cosine 84.00% ± 0.71 (6 and 5 runs): difference -4.00 ± 0.91 points (Welch, -4.4 standard errors); needs more than +2",
            e.Message,
            StringComparison.Ordinal);
        Assert.NotNull(e.Claim);
        Assert.False(e.Claim!.Holds);
    }

    [Fact]
    public void Evaluate_shows_an_unsupported_claim_without_throwing()
    {
        var claim = Claim.Evaluate("one seed is enough", Evidence.From(false, "two seeds disagree"));
        Assert.False(claim.Holds);
        Assert.Contains("data-nbkit-claim=\"fails\"", claim.ToHtml(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-nbkit-claim=\"holds\"", claim.ToHtml(), StringComparison.Ordinal);
        Assert.Equal("✗ Not supported: one seed is enough (two seeds disagree)", claim.ToString());
    }

    [Fact]
    public void A_custom_check_states_its_outcome_and_numbers()
    {
        Assert.True(Claim.That("eight drops", holds: true, numbers: "8 drops counted").Holds);
        var e = Assert.Throws<ClaimNotSupportedException>(() => Claim.That("eight drops", holds: false, numbers: "7 drops counted"));
        Assert.Equal("This run does not support the claim \"eight drops\": 7 drops counted.", e.Message);
    }

    [Fact]
    public void A_claim_needs_a_statement_and_evidence_needs_numbers()
    {
        Assert.Equal("A claim needs its statement in words.", Assert.Throws<ArgumentException>(() => Claim.That(" ", Evidence.From(true, "x"))).Message);
        Assert.Throws<ArgumentException>(() => Evidence.From(true, ""));
    }

    [Fact]
    public void Claims_and_samples_use_the_display_convention()
    {
        foreach (var type in new[] { typeof(Claim), typeof(Sample), typeof(SampleTable) })
        {
            var attribute = type.GetCustomAttributes(false).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
            Assert.Equal(typeof(DisplayFormatterSource), attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute));
        }

        var claim = Claim.That("a < b", Measure.Of("a", 1).IsBelow(2));
        var html = new DisplayFormatterSource().CreateTypeFormatters().Cast<DisplayFormatterSource.MimeFormatter>().Single(f => f.MimeType == "text/html");
        using var writer = new StringWriter();
        Assert.True(html.Format(claim, writer));
        Assert.Contains("data-nbkit-claim=\"holds\"", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void All_holds_only_when_every_part_holds()
    {
        var both = Evidence.All(Measure.Of("a", 1).IsBelow(2), Measure.Of("b", 3).IsAbove(2));
        Assert.True(both.Holds);
        Assert.Equal("a = 1, needs below 2; b = 3, needs above 2", both.Numbers);
        Assert.False(Evidence.All(Measure.Of("a", 1).IsBelow(2), Measure.Of("b", 1).IsAbove(2)).Holds);
    }
}
