namespace NotebookKit.Schedules;

/// <summary>The same value at every step (optax <c>constant_schedule</c>).</summary>
public sealed record ConstantSchedule : ISchedule
{
    /// <summary>Creates a constant schedule.</summary>
    /// <param name="value">The value; non-negative and finite.</param>
    public ConstantSchedule(double value) => Value = ScheduleChecks.NonNegative(value, "value");

    /// <summary>The value at every step.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        return Value;
    }
}
