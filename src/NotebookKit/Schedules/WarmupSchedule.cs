namespace NotebookKit.Schedules;

/// <summary>A warm-up in front of any schedule; the schedule then starts at its own step 0 (optax join semantics).</summary>
/// <remarks>
/// For t &lt; W: linear start + (inner(0) − start)·t/W, or constant start. For t ≥ W: inner(t − W).
/// </remarks>
public sealed record WarmupSchedule : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="inner">The schedule after the warm-up.</param>
    /// <param name="warmupSteps">Warm-up length in steps; non-negative (0 is no warm-up).</param>
    /// <param name="startValue">The value at step 0; non-negative.</param>
    /// <param name="kind">Linear or constant warm-up.</param>
    public WarmupSchedule(ISchedule inner, long warmupSteps, double startValue = 0.0, WarmupKind kind = WarmupKind.Linear)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        WarmupSteps = ScheduleChecks.NonNegative(warmupSteps, "warmup_steps");
        StartValue = ScheduleChecks.NonNegative(startValue, "warmup start value");
        Kind = kind;
    }

    /// <summary>The schedule after the warm-up.</summary>
    public ISchedule Inner { get; }

    /// <summary>Warm-up length in steps.</summary>
    public long WarmupSteps { get; }

    /// <summary>The value at step 0.</summary>
    public double StartValue { get; }

    /// <summary>Linear or constant.</summary>
    public WarmupKind Kind { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        if (step >= WarmupSteps)
        {
            return Inner.ValueAt(step - WarmupSteps);
        }

        return Kind == WarmupKind.Constant
            ? StartValue
            : StartValue + ((Inner.ValueAt(0) - StartValue) * step / WarmupSteps);
    }
}
