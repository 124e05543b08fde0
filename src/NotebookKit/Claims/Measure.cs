namespace NotebookKit.Claims;

/// <summary>
/// One named number of a run (a final learning rate, a count, a ratio, a single run's loss) with comparisons that turn
/// it into <see cref="Evidence"/>. For results over several seeds use <see cref="Sample"/>, whose comparisons account
/// for the spread between runs.
/// </summary>
/// <param name="Name">What the number is, e.g. <c>final learning rate</c>.</param>
/// <param name="Value">The number.</param>
/// <param name="Unit">How it is shown.</param>
public sealed record Measure(string Name, double Value, Unit Unit = Unit.Plain)
{
    /// <summary>What the number is.</summary>
    public string Name { get; } = string.IsNullOrWhiteSpace(Name)
        ? throw new ArgumentException("A measure needs a name, to say in a claim what its number is.")
        : Name;

    /// <summary>Creates a measure (the same as the constructor, reads better in a cell).</summary>
    public static Measure Of(string name, double value, Unit unit = Unit.Plain) => new(name, value, unit);

    /// <summary>Evidence that the value is above <paramref name="threshold"/> (NaN never is).</summary>
    public Evidence IsAbove(double threshold) => new(Value > threshold, $"{this}, needs above {Numbers.In(threshold, Unit)}");

    /// <summary>Evidence that the value is below <paramref name="threshold"/> (NaN never is).</summary>
    public Evidence IsBelow(double threshold) => new(Value < threshold, $"{this}, needs below {Numbers.In(threshold, Unit)}");

    /// <summary>Evidence that the value is at least <paramref name="threshold"/>.</summary>
    public Evidence IsAtLeast(double threshold) => new(Value >= threshold, $"{this}, needs at least {Numbers.In(threshold, Unit)}");

    /// <summary>Evidence that the value is at most <paramref name="threshold"/>.</summary>
    public Evidence IsAtMost(double threshold) => new(Value <= threshold, $"{this}, needs at most {Numbers.In(threshold, Unit)}");

    /// <summary>Evidence that the value lies in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    /// <exception cref="ArgumentException"><paramref name="low"/> is above <paramref name="high"/>.</exception>
    public Evidence IsBetween(double low, double high)
    {
        if (!(low <= high))
        {
            throw new ArgumentException($"'{Name}': the interval [{Numbers.Format(low)}, {Numbers.Format(high)}] is empty; give the lower bound first.");
        }

        return new Evidence(Value >= low && Value <= high, $"{this}, needs between {Numbers.In(low, Unit)} and {Numbers.In(high, Unit)}");
    }

    /// <summary>Evidence that the value equals <paramref name="expected"/> to within <paramref name="tolerance"/> (absolute).</summary>
    /// <exception cref="ArgumentException"><paramref name="tolerance"/> is negative or not finite.</exception>
    public Evidence IsCloseTo(double expected, double tolerance)
    {
        if (!double.IsFinite(tolerance) || tolerance < 0)
        {
            throw new ArgumentException($"'{Name}': the tolerance must be a finite, non-negative number, got {Numbers.Format(tolerance)}.");
        }

        return new Evidence(Math.Abs(Value - expected) <= tolerance, $"{this}, needs {Numbers.In(expected, Unit)} ± {Numbers.Format(Unit == Unit.Percent ? tolerance * 100 : tolerance)}{(Unit == Unit.Percent ? " points" : "")}");
    }

    /// <summary>Evidence that the value is above <paramref name="other"/>'s.</summary>
    public Evidence IsAbove(Measure other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new Evidence(Value > other.Value, $"{this} vs {other}, needs the first above the second");
    }

    /// <summary>Evidence that the value is below <paramref name="other"/>'s.</summary>
    public Evidence IsBelow(Measure other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new Evidence(Value < other.Value, $"{this} vs {other}, needs the first below the second");
    }

    /// <summary>
    /// Evidence that the value is at least <paramref name="factor"/> times <paramref name="other"/>'s (for positive
    /// quantities: "ten times smaller" is <c>other.IsAtLeastTimes(this, 10)</c>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="factor"/> is not positive and finite.</exception>
    public Evidence IsAtLeastTimes(Measure other, double factor)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentException($"'{Name}': the factor must be positive and finite, got {Numbers.Format(factor)}.");
        }

        string ratio = other.Value != 0 ? Numbers.Format(Value / other.Value) : "undefined (the second is 0)";
        return new Evidence(Value >= factor * other.Value, $"{this} vs {other}: ratio {ratio}, needs at least {Numbers.Format(factor)}");
    }

    /// <summary><c>name = value</c> in the measure's unit: <c>final learning rate = 1.5e-5</c>.</summary>
    public override string ToString() => $"{Name} = {Numbers.In(Value, Unit)}";
}
