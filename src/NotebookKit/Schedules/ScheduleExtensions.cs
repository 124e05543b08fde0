namespace NotebookKit.Schedules;

/// <summary>Sampling and composing schedules fluently.</summary>
public static class ScheduleExtensions
{
    /// <summary>The values at steps <paramref name="from"/> .. <paramref name="to"/> − 1 (for plots, tables and tests).</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="from">The first step; non-negative.</param>
    /// <param name="to">One past the last step; at least <paramref name="from"/>.</param>
    public static double[] Sample(this ISchedule schedule, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ScheduleChecks.Step(from);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"to ({to}) must not be less than from ({from}).");
        }

        var values = new double[checked((int)(to - from))];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = schedule.ValueAt(from + i);
        }

        return values;
    }

    /// <summary>Puts a warm-up of <paramref name="warmupSteps"/> steps in front (the schedule then starts at its step 0).</summary>
    public static WarmupSchedule WithWarmup(this ISchedule schedule, long warmupSteps, double startValue = 0.0, WarmupKind kind = WarmupKind.Linear) =>
        new(schedule, warmupSteps, startValue, kind);

    /// <summary>Runs <paramref name="next"/> from step <paramref name="boundary"/> on, re-based to its step 0.</summary>
    public static JoinedSchedule Then(this ISchedule schedule, ISchedule next, long boundary) =>
        schedule is JoinedSchedule j && (j.Boundaries.Count == 0 || j.Boundaries[^1] < boundary)
            ? new JoinedSchedule([.. j.Parts, next], [.. j.Boundaries, boundary])
            : new JoinedSchedule([schedule, next], [boundary]);

    /// <summary>Multiplies by a constant.</summary>
    public static ScaledSchedule Scaled(this ISchedule schedule, double factor) => new(schedule, factor);

    /// <summary>Multiplies by another schedule, step by step.</summary>
    public static ProductSchedule Times(this ISchedule schedule, ISchedule other) => new(schedule, other);
}
