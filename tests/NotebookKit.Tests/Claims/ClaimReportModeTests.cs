using NotebookKit.Claims;

namespace NotebookKit.Tests.Claims;

/// <summary>
/// <c>NBKIT_CLAIMS=report</c>: a smoke run with toy parameters shows unsupported claims instead of failing on them.
/// The variable is process-wide, so these tests run alone (their own collection, never beside other tests).
/// </summary>
[Collection(nameof(ClaimReportModeTests))]
public sealed class ClaimReportModeTests : IDisposable
{
    private readonly string? before = Environment.GetEnvironmentVariable(Claim.ModeVariable);

    public void Dispose() => Environment.SetEnvironmentVariable(Claim.ModeVariable, before);

    [Fact]
    public void With_report_a_claim_the_run_does_not_support_is_returned_marked_fails()
    {
        Environment.SetEnvironmentVariable(Claim.ModeVariable, "report");
        var claim = Claim.That("eight drops", holds: false, numbers: "7 drops counted");
        Assert.False(claim.Holds);
        Assert.Equal("✗ Not supported: eight drops (7 drops counted)", claim.ToString());
        Assert.Contains("data-nbkit-claim=\"fails\"", claim.ToHtml(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("check")]
    public void Without_report_it_still_throws(string? value)
    {
        Environment.SetEnvironmentVariable(Claim.ModeVariable, value);
        Assert.Throws<ClaimNotSupportedException>(() => Claim.That("eight drops", holds: false, numbers: "7 drops counted"));
    }
}

/// <summary>Runs <see cref="ClaimReportModeTests"/> alone: see its remarks.</summary>
[CollectionDefinition(nameof(ClaimReportModeTests), DisableParallelization = true)]
public sealed class ClaimReportModeCollection;
