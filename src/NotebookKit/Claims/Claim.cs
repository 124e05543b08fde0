using System.Net;
using NotebookKit.Display;

namespace NotebookKit.Claims;

/// <summary>
/// A statement a lesson makes about its own run, checked on the run's numbers. <see cref="That(string, Evidence)"/>
/// returns it when the run supports it (display it: one line with a mark, the statement and the numbers) and throws
/// <see cref="ClaimNotSupportedException"/> when it does not, so the cell fails and prose cannot drift from results.
/// </summary>
/// <example>
/// <code>
/// var cosine = Sample.Of("cosine", cosineRuns.Select(h => h.Epochs[^1].TestAccuracy!.Value), Unit.Percent);
/// var constant = Sample.Of("constant", constantRuns.Select(h => h.Epochs[^1].TestAccuracy!.Value), Unit.Percent);
/// display(Claim.That("Cosine decay ends with a higher validation accuracy than the constant rate",
///     cosine.Exceeds(constant, standardErrors: 2)));
/// </code>
/// </example>
/// <remarks>
/// In a notebook the claim displays as text/html (a <c>div</c> with <c>data-nbkit-claim="holds"</c>, or <c>"fails"</c>
/// for one made by <see cref="Evaluate"/>) and as text/plain (<c>✓ Claim: ... (numbers)</c>).
/// </remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class Claim : IHtmlDisplayable
{
    /// <summary>The value of the <c>data-nbkit-claim</c> attribute of a claim that holds.</summary>
    public const string HoldsAttributeValue = "holds";

    /// <summary>The value of the <c>data-nbkit-claim</c> attribute of a claim that does not hold.</summary>
    public const string FailsAttributeValue = "fails";

    private Claim(string statement, Evidence evidence)
    {
        Statement = statement;
        Evidence = evidence;
    }

    /// <summary>The claim in words.</summary>
    public string Statement { get; }

    /// <summary>The numbers that decided it.</summary>
    public Evidence Evidence { get; }

    /// <summary>Whether the run supports the claim.</summary>
    public bool Holds => Evidence.Holds;

    /// <summary>
    /// The environment variable that turns failing claims into displayed ones for a whole process: with
    /// <c>NBKIT_CLAIMS=report</c>, <see cref="That(string, Evidence)"/> returns a claim the run does not support (it
    /// displays with a cross) instead of throwing. Meant for smoke runs with toy parameters, which check that a lesson
    /// runs end to end, not what it teaches.
    /// </summary>
    public const string ModeVariable = "NBKIT_CLAIMS";

    /// <summary>Checks <paramref name="statement"/> against <paramref name="evidence"/>; returns the claim when it holds.</summary>
    /// <param name="statement">The claim in words, as the lesson's prose states it.</param>
    /// <param name="evidence">The run's numbers, compared: e.g. <see cref="Sample.Exceeds"/>, <see cref="Measure.IsBelow(double)"/>.</param>
    /// <exception cref="ClaimNotSupportedException">The run does not support the claim; the message has the claim and the
    /// numbers. Not thrown when the <see cref="ModeVariable"/> environment variable is <c>report</c>.</exception>
    /// <exception cref="ArgumentException">The statement is empty.</exception>
    public static Claim That(string statement, Evidence evidence)
    {
        var claim = Evaluate(statement, evidence);
        return claim.Holds || ReportOnly ? claim : throw new ClaimNotSupportedException(claim);
    }

    /// <summary>Whether <see cref="ModeVariable"/> asks to report failing claims instead of throwing (read on every check).</summary>
    private static bool ReportOnly => string.Equals(Environment.GetEnvironmentVariable(ModeVariable), "report", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks a claim with a test of your own: whether it holds, and the numbers that decided it.</summary>
    /// <exception cref="ClaimNotSupportedException">The run does not support the claim.</exception>
    public static Claim That(string statement, bool holds, string numbers) => That(statement, new Evidence(holds, numbers));

    /// <summary>
    /// Evaluates a claim without throwing: for showing a claim that a run does <em>not</em> support (e.g. what one seed
    /// would wrongly suggest). Displays with <c>data-nbkit-claim="fails"</c> and a cross.
    /// </summary>
    /// <exception cref="ArgumentException">The statement is empty.</exception>
    public static Claim Evaluate(string statement, Evidence evidence)
    {
        if (string.IsNullOrWhiteSpace(statement))
        {
            throw new ArgumentException("A claim needs its statement in words.");
        }

        ArgumentNullException.ThrowIfNull(evidence);
        return new Claim(statement.Trim(), evidence);
    }

    /// <summary>One line: <c>✓ Claim: statement (numbers)</c>, or <c>✗ Not supported: ...</c>.</summary>
    public override string ToString() => $"{(Holds ? "✓ Claim" : "✗ Not supported")}: {Statement} ({Evidence.Numbers})";

    /// <inheritdoc/>
    /// <remarks>Inline styles only, so it reads the same in VS Code, Jupyter and the offline write-up.</remarks>
    public string ToHtml()
    {
        string state = Holds ? HoldsAttributeValue : FailsAttributeValue;
        string color = Holds ? "#1a7f37" : "#cf222e";
        string mark = Holds ? "✓" : "✗";
        string label = Holds ? "Claim" : "Not supported";
        return $"<div class=\"nbkit-claim\" data-nbkit-claim=\"{state}\" style=\"border-left:4px solid {color};padding:2px 8px;margin:4px 0;overflow-wrap:anywhere\">"
            + $"<span style=\"color:{color};font-weight:bold\" aria-label=\"{state}\">{mark}</span> "
            + $"<strong>{label}:</strong> {WebUtility.HtmlEncode(Statement)} "
            + $"<span class=\"nbkit-claim-numbers\" style=\"color:#57606a\">({WebUtility.HtmlEncode(Evidence.Numbers)})</span></div>";
    }
}
