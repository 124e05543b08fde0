namespace NotebookKit.Claims;

/// <summary>
/// What a run says about a claim: whether it holds, and the numbers that decide it, in words a reader can check
/// (e.g. <c>cosine 84.1% ± 0.30 vs constant 82.0% ± 0.41 (5 runs each): difference +2.1 ± 0.51 points (Welch, +4.1
/// standard errors); needs more than +2</c>).
/// </summary>
/// <remarks>
/// Made by the comparisons of <see cref="Sample"/> and <see cref="Measure"/>, by <see cref="Ordered(double, Sample[])"/> and <see cref="All"/>,
/// or directly with <see cref="From"/> for a check of your own. Given to <see cref="Claim.That(string, Evidence)"/>.
/// </remarks>
public sealed record Evidence
{
    /// <summary>Creates evidence.</summary>
    /// <param name="holds">Whether the run supports the claim.</param>
    /// <param name="numbers">The numbers and the criterion, shown next to the claim and in the error when it fails.</param>
    /// <exception cref="ArgumentException"><paramref name="numbers"/> is empty: a claim must show what decided it.</exception>
    public Evidence(bool holds, string numbers)
    {
        if (string.IsNullOrWhiteSpace(numbers))
        {
            throw new ArgumentException("Evidence needs its numbers: say which values decided the claim and against what.");
        }

        Holds = holds;
        Numbers = numbers;
    }

    /// <summary>Whether the run supports the claim.</summary>
    public bool Holds { get; }

    /// <summary>The numbers and the criterion.</summary>
    public string Numbers { get; }

    /// <summary>Evidence from a check of your own: the outcome and the numbers that decided it.</summary>
    public static Evidence From(bool holds, string numbers) => new(holds, numbers);

    /// <summary>Evidence that holds when every part holds; its numbers are the parts' numbers, joined.</summary>
    /// <exception cref="ArgumentException">No parts were given.</exception>
    public static Evidence All(params Evidence[] parts)
    {
        if (parts is null || parts.Length == 0)
        {
            throw new ArgumentException("Evidence.All needs at least one part.");
        }

        return new Evidence(parts.All(p => p.Holds), string.Join("; ", parts.Select(p => p.Numbers)));
    }

    /// <summary>
    /// Evidence that the samples' means are in the given order, highest first, each above the next by more than
    /// <paramref name="standardErrors"/> standard errors of their difference (Welch's, or paired).
    /// </summary>
    /// <param name="standardErrors">The margin for every adjacent pair.</param>
    /// <param name="highestFirst">At least two samples, in the claimed order.</param>
    /// <exception cref="ArgumentException">Fewer than two samples.</exception>
    public static Evidence Ordered(double standardErrors, params Sample[] highestFirst) =>
        Ordered(standardErrors, paired: false, highestFirst);

    /// <summary>As <see cref="Ordered(double, Sample[])"/>, with runs paired by seed when <paramref name="paired"/>.</summary>
    public static Evidence Ordered(double standardErrors, bool paired, params Sample[] highestFirst)
    {
        if (highestFirst is null || highestFirst.Length < 2)
        {
            throw new ArgumentException("An ordering needs at least two samples, highest first.");
        }

        Sample.CheckMargin(standardErrors);
        var pairs = highestFirst.Zip(highestFirst.Skip(1), (higher, lower) => (higher, lower, d: higher.Minus(lower, paired))).ToList();
        bool holds = pairs.All(p => Sample.Clears(p.d.Estimate, p.d.StandardError, standardErrors));
        string order = string.Join(" > ", highestFirst.Select(s => $"{s.Name} {s.Summary()}"));
        string differences = string.Join("; ", pairs.Select(p => $"{p.higher.Name} - {p.lower.Name} = {p.d}"));
        return new Evidence(holds, $"{order}: {differences}; each needs more than +{NotebookKit.Claims.Numbers.Format(standardErrors, 2)}");
    }
}
