namespace NotebookKit.Notebooks.Tests;

/// <summary>Claims in notebook cells: one that holds displays with its marker attribute, one that does not fails the cell with its numbers.</summary>
public sealed class ClaimCellTests
{
    private static readonly Lazy<NotebookRunResult> Run = new(() => TestNotebooks.Run(TestNotebooks.FromCode(
        "#r \"nuget: NotebookKit\"\nusing NotebookKit.Claims;\nvar fast = Sample.Of(\"fast\", [0.82, 0.85, 0.84], Unit.Percent);\nvar slow = Sample.Of(\"slow\", [0.70, 0.71, 0.69], Unit.Percent);",
        "display(Claim.That(\"fast beats slow\", fast.Exceeds(slow)));",
        "display(Claim.That(\"slow beats fast\", slow.Exceeds(fast)));",
        "Console.WriteLine(\"never runs\");")));

    [Fact]
    public void A_claim_that_holds_displays_html_with_the_holds_attribute_and_a_text_line()
    {
        var output = Assert.Single(Run.Value.Executed.Cells[1].Outputs);
        Assert.Equal(OutputType.DisplayData, output.OutputType);
        Assert.Contains("data-nbkit-claim=\"holds\"", output.TextOf(MimeTypes.Html), StringComparison.Ordinal);
        Assert.StartsWith("✓ Claim: fast beats slow (fast 83.67% ± 0.88 vs slow 70.00% ± 0.58", output.TextOf(MimeTypes.Text), StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_the_run_does_not_support_fails_its_cell_with_the_claim_and_the_numbers()
    {
        var result = Run.Value;
        Assert.False(result.Succeeded);
        Assert.Equal(3, result.FailedCell?.Number);
        var error = Assert.Single(result.Executed.Cells[2].Outputs, o => o.OutputType == OutputType.Error);
        Assert.Contains("This run does not support the claim \"slow beats fast\": slow 70.00% ± 0.58 vs fast 83.67% ± 0.88", error.ErrorValue, StringComparison.Ordinal);
        Assert.Empty(result.Executed.Cells[3].Outputs);
    }
}
