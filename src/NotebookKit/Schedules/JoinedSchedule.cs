namespace NotebookKit.Schedules;

/// <summary>Schedules one after another, each seeing the step re-based to its own start (optax <c>join_schedules</c>).</summary>
/// <remarks>
/// v(t) = parts[k](t − boundaries[k − 1]) where k is the number of boundaries ≤ t. This is PyTorch <c>SequentialLR</c>
/// without state: at a boundary the next schedule starts again from its own step 0.
/// </remarks>
public sealed record JoinedSchedule : ISchedule
{
    private readonly ISchedule[] parts;
    private readonly long[] boundaries;

    /// <summary>Creates the schedule.</summary>
    /// <param name="parts">The schedules, in order; at least one.</param>
    /// <param name="boundaries">Absolute steps at which the next schedule starts; one fewer than parts, strictly increasing.</param>
    public JoinedSchedule(IEnumerable<ISchedule> parts, IEnumerable<long> boundaries)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(boundaries);
        this.parts = parts.ToArray();
        this.boundaries = boundaries.ToArray();
        if (this.parts.Length == 0)
        {
            throw new ArgumentException("schedules must contain at least one schedule.", nameof(parts));
        }

        if (this.parts.Any(p => p is null))
        {
            throw new ArgumentException("schedules must not contain null.", nameof(parts));
        }

        if (this.boundaries.Length != this.parts.Length - 1)
        {
            throw new ArgumentException($"boundaries must have one entry fewer than schedules: got {this.parts.Length} schedules and {this.boundaries.Length} boundaries.", nameof(boundaries));
        }

        ScheduleChecks.StrictlyIncreasing(this.boundaries, nameof(boundaries));
    }

    /// <summary>The schedules, in order.</summary>
    public IReadOnlyList<ISchedule> Parts => parts;

    /// <summary>The steps at which each later schedule starts.</summary>
    public IReadOnlyList<long> Boundaries => boundaries;

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        int k = 0;
        while (k < boundaries.Length && boundaries[k] <= step)
        {
            k++;
        }

        return parts[k].ValueAt(k == 0 ? step : step - boundaries[k - 1]);
    }

    /// <summary>Value equality, comparing parts and boundaries element by element.</summary>
    public bool Equals(JoinedSchedule? other) =>
        other is not null && parts.SequenceEqual(other.parts) && boundaries.AsSpan().SequenceEqual(other.boundaries);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(parts.Length, parts.Length > 0 ? parts[0].GetHashCode() : 0);
}
