namespace NotebookKit.Schedules;

/// <summary>Keras <c>PiecewiseConstantDecay</c>: values[i] between boundaries, a boundary belonging to the earlier interval.</summary>
/// <remarks>values[0] for step ≤ b0, values[i] for b(i−1) &lt; step ≤ b(i), values[^1] for step &gt; b(^1). (optax's
/// <c>piecewise_constant_schedule</c> switches at the boundary instead.)</remarks>
public sealed record PiecewiseConstantDecay : ISchedule
{
    private readonly long[] boundaries;
    private readonly double[] values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Keras <c>boundaries</c>: increasing steps.</param>
    /// <param name="values">Keras <c>values</c>: one more than the boundaries.</param>
    public PiecewiseConstantDecay(IEnumerable<long> boundaries, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        this.boundaries = boundaries.ToArray();
        this.values = values.ToArray();
        if (this.boundaries.Length != this.values.Length - 1)
        {
            throw new ArgumentException($"The length of boundaries should be 1 less than the length of values: got {this.boundaries.Length} boundaries and {this.values.Length} values.", nameof(values));
        }

        ScheduleChecks.StrictlyIncreasing(this.boundaries, nameof(boundaries));

        foreach (double v in this.values)
        {
            ScheduleChecks.NonNegative(v, "values");
        }
    }

    /// <summary>Keras <c>boundaries</c>.</summary>
    public IReadOnlyList<long> Boundaries => boundaries;

    /// <summary>Keras <c>values</c>.</summary>
    public IReadOnlyList<double> Values => values;

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        int i = 0;
        while (i < boundaries.Length && step > boundaries[i])
        {
            i++;
        }

        return values[i];
    }

    /// <summary>Value equality, comparing boundaries and values element by element.</summary>
    public bool Equals(PiecewiseConstantDecay? other) =>
        other is not null && boundaries.AsSpan().SequenceEqual(other.boundaries) && values.AsSpan().SequenceEqual(other.values);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(boundaries.Length, values.Length > 0 ? values[0] : 0);
}
