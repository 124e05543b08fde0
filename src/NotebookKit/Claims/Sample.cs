using NotebookKit.Display;

namespace NotebookKit.Claims;

/// <summary>
/// The results of one configuration over several runs (usually one per seed): mean, sample standard deviation and the
/// standard error of the mean, with comparisons that account for that spread.
/// </summary>
/// <remarks>
/// <para>For values x₁…xₙ: mean x̄ = Σxᵢ/n; sample standard deviation s = sqrt(Σ(xᵢ − x̄)²/(n − 1)) (Bessel's
/// correction, numpy <c>std(ddof=1)</c>); standard error of the mean s/√n.</para>
/// <para>Comparisons (<see cref="Exceeds"/>, <see cref="FallsBelow"/>) hold only when the difference of means is larger
/// than a margin of <c>standardErrors</c> times its standard error (<see cref="MeanDifference"/>): one lucky seed cannot
/// make them pass.</para>
/// </remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class Sample : IHtmlDisplayable
{
    private readonly double[] values;

    /// <summary>Creates a sample.</summary>
    /// <param name="name">What the values are, e.g. <c>cosine decay</c>; used in every message.</param>
    /// <param name="values">One value per run; at least one, all finite.</param>
    /// <param name="unit">How the values are shown (<see cref="Unit.Percent"/> for accuracies).</param>
    /// <exception cref="ArgumentException">The name is empty, there are no values, or a value is NaN or infinite.</exception>
    public Sample(string name, IEnumerable<double> values, Unit unit = Unit.Plain)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A sample needs a name, to say in a claim what its numbers are.");
        }

        if (values is null)
        {
            throw new ArgumentException($"Sample '{name}' was given no values (null).");
        }

        this.values = [.. values];
        if (this.values.Length == 0)
        {
            throw new ArgumentException($"Sample '{name}' has no values: give it one result per run.");
        }

        int bad = Array.FindIndex(this.values, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"Sample '{name}': value {bad + 1} of {this.values.Length} is {Numbers.Format(this.values[bad])}; every run must give a finite number (did a run diverge?).");
        }

        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentException($"Sample '{name}': unit {(int)unit} is not a Unit.");
        }

        Name = name;
        Unit = unit;
        Mean = this.values.Average();
        if (this.values.Length > 1)
        {
            double mean = Mean;
            double squares = this.values.Sum(v => (v - mean) * (v - mean));
            StandardDeviation = Math.Sqrt(squares / (this.values.Length - 1));
            StandardError = StandardDeviation / Math.Sqrt(this.values.Length);
        }
        else
        {
            StandardDeviation = double.NaN;
            StandardError = double.NaN;
        }
    }

    /// <summary>What the values are.</summary>
    public string Name { get; }

    /// <summary>The values, one per run, in the order given.</summary>
    public IReadOnlyList<double> Values => values;

    /// <summary>How the values are shown.</summary>
    public Unit Unit { get; }

    /// <summary>The number of runs.</summary>
    public int Count => values.Length;

    /// <summary>The arithmetic mean.</summary>
    public double Mean { get; }

    /// <summary>The sample standard deviation (divisor n − 1); NaN for a single run.</summary>
    public double StandardDeviation { get; }

    /// <summary>The standard error of the mean, <see cref="StandardDeviation"/>/√n; NaN for a single run.</summary>
    public double StandardError { get; }

    /// <summary>The smallest value.</summary>
    public double Min => values.Min();

    /// <summary>The largest value.</summary>
    public double Max => values.Max();

    /// <summary>Creates a sample (the same as the constructor, reads better in a cell).</summary>
    public static Sample Of(string name, IEnumerable<double> values, Unit unit = Unit.Plain) => new(name, values, unit);

    /// <summary>A table of several samples (name, mean ± standard error, standard deviation, range, runs) for display.</summary>
    public static SampleTable Table(params Sample[] samples) => new(samples);

    /// <summary>
    /// The difference of means, this minus <paramref name="other"/>, with its standard error: Welch's (unequal
    /// variances) by default, or from the per-run differences when <paramref name="paired"/>.
    /// </summary>
    /// <param name="other">The sample to subtract.</param>
    /// <param name="paired">
    /// Pair the runs by position (run i of both samples used the same seed, so they share initial weights and batch
    /// order): the spread of the differences then excludes what the two configurations have in common.
    /// </param>
    /// <exception cref="ArgumentException">Paired samples of different sizes, or a sample with fewer than two runs.</exception>
    public MeanDifference Minus(Sample other, bool paired = false) =>
        paired ? MeanDifference.Paired(this, other) : MeanDifference.Welch(this, other);

    /// <summary>
    /// Evidence that this sample's mean is above <paramref name="other"/>'s by more than <paramref name="standardErrors"/>
    /// standard errors of the difference.
    /// </summary>
    /// <param name="other">The sample it should beat.</param>
    /// <param name="standardErrors">The margin, in standard errors of the difference (2 by default).</param>
    /// <param name="paired">Compare run by run (same seeds): see <see cref="Minus"/>.</param>
    public Evidence Exceeds(Sample other, double standardErrors = 2, bool paired = false) =>
        Compare(other, standardErrors, paired, above: true);

    /// <summary>
    /// Evidence that this sample's mean is below <paramref name="other"/>'s by more than <paramref name="standardErrors"/>
    /// standard errors of the difference.
    /// </summary>
    /// <param name="other">The sample it should stay under.</param>
    /// <param name="standardErrors">The margin, in standard errors of the difference (2 by default).</param>
    /// <param name="paired">Compare run by run (same seeds): see <see cref="Minus"/>.</param>
    public Evidence FallsBelow(Sample other, double standardErrors = 2, bool paired = false) =>
        Compare(other, standardErrors, paired, above: false);

    /// <summary>
    /// Evidence that the mean is above <paramref name="threshold"/> by more than <paramref name="standardErrors"/> standard
    /// errors (mean − k·SE &gt; threshold).
    /// </summary>
    public Evidence MeanExceeds(double threshold, double standardErrors = 2) => CompareTo(threshold, standardErrors, above: true);

    /// <summary>
    /// Evidence that the mean is below <paramref name="threshold"/> by more than <paramref name="standardErrors"/> standard
    /// errors (mean + k·SE &lt; threshold).
    /// </summary>
    public Evidence MeanFallsBelow(double threshold, double standardErrors = 2) => CompareTo(threshold, standardErrors, above: false);

    /// <summary>Evidence that every run's value is above <paramref name="threshold"/> (no statistics: the worst run decides).</summary>
    public Evidence AllExceed(double threshold)
    {
        CheckFinite(threshold, "threshold");
        return new Evidence(Min > threshold, $"{Name}: every one of {Count} runs above {Numbers.In(threshold, Unit)}, lowest {Numbers.In(Min, Unit)}");
    }

    /// <summary>Evidence that every run's value is below <paramref name="threshold"/> (no statistics: the worst run decides).</summary>
    public Evidence AllFallBelow(double threshold)
    {
        CheckFinite(threshold, "threshold");
        return new Evidence(Max < threshold, $"{Name}: every one of {Count} runs below {Numbers.In(threshold, Unit)}, highest {Numbers.In(Max, Unit)}");
    }

    /// <summary>The mean ± standard error in the sample's unit, e.g. <c>82.3% ± 0.41</c> (just the mean for one run).</summary>
    public string Summary() => Count > 1 ? Numbers.WithError(Mean, StandardError, Unit) : Numbers.In(Mean, Unit);

    /// <summary>One line: <c>cosine: 82.3% ± 0.41 (mean ± standard error of 5 runs; sd 0.92)</c>.</summary>
    public override string ToString() => Count > 1
        ? $"{Name}: {Summary()} (mean ± standard error of {Count} runs; sd {Spread(StandardDeviation)})"
        : $"{Name}: {Summary()} (1 run)";

    /// <inheritdoc/>
    public string ToHtml() => Table(this).ToHtml();

    internal static void CheckMargin(double standardErrors)
    {
        if (!double.IsFinite(standardErrors) || standardErrors < 0)
        {
            throw new ArgumentException($"The margin must be a finite, non-negative number of standard errors, got {Numbers.Format(standardErrors)}.");
        }
    }

    /// <summary>
    /// Whether a difference in the claimed direction (<paramref name="signedEstimate"/> &gt; 0 means the right way) is larger
    /// than the margin; with zero spread any difference in the right direction counts.
    /// </summary>
    internal static bool Clears(double signedEstimate, double standardError, double standardErrors) =>
        signedEstimate > 0 && signedEstimate > standardErrors * standardError;

    /// <summary>A spread in the sample's unit: points for percentages.</summary>
    internal string Spread(double value) => Unit == Unit.Percent ? Numbers.Format(value * 100, 2) : Numbers.Format(value, 2);

    private static void CheckFinite(double value, string what)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The {what} must be a finite number, got {Numbers.Format(value)}.");
        }
    }

    private Evidence Compare(Sample other, double standardErrors, bool paired, bool above)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckMargin(standardErrors);
        var d = Minus(other, paired);
        double signed = above ? d.Estimate : -d.Estimate;
        bool holds = Clears(signed, d.StandardError, standardErrors);
        string margin = Numbers.Format(standardErrors, 2);
        string needs = above ? $"more than +{margin}" : $"less than -{margin}";
        string numbers = $"{Name} {Summary()} vs {other.Name} {other.Summary()} ({RunsText(other, paired)}): difference {d}; needs {needs}";
        return new Evidence(holds, numbers);
    }

    private Evidence CompareTo(double threshold, double standardErrors, bool above)
    {
        CheckFinite(threshold, "threshold");
        CheckMargin(standardErrors);
        if (Count < 2)
        {
            throw new ArgumentException($"Sample '{Name}' has a single run, so its mean has no standard error: run more seeds, or state the claim with Measure.");
        }

        double bound = above ? Mean - (standardErrors * StandardError) : Mean + (standardErrors * StandardError);
        bool holds = above ? bound > threshold : bound < threshold;
        string numbers = $"{Name} {Summary()} ({Count} runs); mean {(above ? "-" : "+")} {Numbers.Format(standardErrors, 2)} standard errors = {Numbers.In(bound, Unit)}, "
            + $"needs {(above ? "above" : "below")} {Numbers.In(threshold, Unit)}";
        return new Evidence(holds, numbers);
    }

    private string RunsText(Sample other, bool paired) =>
        paired ? $"{Count} paired runs" : Count == other.Count ? $"{Count} runs each" : $"{Count} and {other.Count} runs";
}
