namespace NotebookKit.Claims;

/// <summary>A difference of two means with its standard error: Welch's for independent samples, or from paired runs.</summary>
/// <param name="Estimate">The difference of the means, first minus second.</param>
/// <param name="StandardError">Its standard error (0 when neither sample varies).</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite's ν, or n − 1 for paired runs; NaN when there is no spread.</param>
/// <param name="IsPaired">Whether it was computed from per-run differences.</param>
/// <param name="Unit">The unit of the compared values (differences of <see cref="Unit.Percent"/> are in points).</param>
/// <remarks>
/// <para>Welch (unequal variances): SE = sqrt(s₁²/n₁ + s₂²/n₂) and
/// ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)), as in scipy's <c>ttest_ind(equal_var=False)</c>.</para>
/// <para>Paired: the differences dᵢ = xᵢ − yᵢ of runs that share a seed, SE = sd(d)/√n, ν = n − 1, as in scipy's
/// <c>ttest_rel</c>. Pairing removes what two runs with the same seed have in common (initial weights, batch order),
/// so it needs fewer seeds to show the same effect.</para>
/// </remarks>
public sealed record MeanDifference(double Estimate, double StandardError, double DegreesOfFreedom, bool IsPaired, Unit Unit)
{
    /// <summary>The difference in standard errors, Estimate/StandardError (Student's t); ±∞ when there is no spread.</summary>
    public double StandardErrors => StandardError > 0
        ? Estimate / StandardError
        : Estimate == 0 ? 0 : Estimate > 0 ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Welch's difference of two independent samples.</summary>
    /// <exception cref="ArgumentException">A sample has fewer than two runs.</exception>
    public static MeanDifference Welch(Sample first, Sample second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        NeedsSpread(first);
        NeedsSpread(second);
        double a = first.StandardError * first.StandardError;
        double b = second.StandardError * second.StandardError;
        double se = Math.Sqrt(a + b);
        double df = a + b > 0 ? (a + b) * (a + b) / ((a * a / (first.Count - 1)) + (b * b / (second.Count - 1))) : double.NaN;
        return new MeanDifference(first.Mean - second.Mean, se, df, IsPaired: false, UnitOf(first, second));
    }

    /// <summary>The mean of the per-run differences of two samples whose runs are paired by position.</summary>
    /// <exception cref="ArgumentException">The samples have different sizes, or fewer than two runs.</exception>
    public static MeanDifference Paired(Sample first, Sample second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"Paired comparison of '{first.Name}' ({first.Count} runs) with '{second.Name}' ({second.Count} runs): pairs need the same runs (seeds) on both sides.");
        }

        NeedsSpread(first);
        var differences = new Sample($"{first.Name} − {second.Name}", first.Values.Zip(second.Values, (x, y) => x - y), first.Unit);
        double se = differences.StandardError;
        return new MeanDifference(differences.Mean, se, se > 0 ? first.Count - 1 : double.NaN, IsPaired: true, UnitOf(first, second));
    }

    /// <summary>
    /// The difference with its error and its size in standard errors: <c>+2.1 ± 0.52 points (Welch, +4.0 standard errors)</c>.
    /// </summary>
    public override string ToString()
    {
        string how = IsPaired ? "paired" : "Welch";
        string size = StandardError > 0
            ? $"{(StandardErrors > 0 ? "+" : "")}{Numbers.Format(StandardErrors, 2)} standard errors"
            : "no spread between runs";
        return $"{Numbers.DifferenceWithError(Estimate, StandardError, Unit)} ({how}, {size})";
    }

    private static void NeedsSpread(Sample sample)
    {
        if (sample.Count < 2)
        {
            throw new ArgumentException($"Sample '{sample.Name}' has a single run, so the difference has no standard error: run at least two seeds.");
        }
    }

    private static Unit UnitOf(Sample first, Sample second) =>
        first.Unit == second.Unit
            ? first.Unit
            : throw new ArgumentException($"'{first.Name}' is in {first.Unit} and '{second.Name}' in {second.Unit}: compare values of the same unit.");
}
