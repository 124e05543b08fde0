namespace NotebookKit.Schedules;

/// <summary>A schedule times a constant factor (e.g. a base learning rate times a factor schedule).</summary>
public sealed record ScaledSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="inner">The schedule to scale.</param>
    /// <param name="factor">The factor; non-negative.</param>
    public ScaledSchedule(ISchedule inner, double factor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        Factor = ScheduleChecks.NonNegative(factor, "factor");
    }

    /// <summary>The scaled schedule.</summary>
    public ISchedule Inner { get; }

    /// <summary>The factor.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public double ValueAt(long step) => Inner.ValueAt(step) * Factor;
}
