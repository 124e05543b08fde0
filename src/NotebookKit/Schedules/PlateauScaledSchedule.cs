using System.Text.Json.Nodes;

namespace NotebookKit.Schedules;

/// <summary>
/// A pure schedule times a plateau factor: e.g. warm-up then cosine, with every plateau of the metric multiplying
/// the whole rest of the schedule by <c>factor</c>. PyTorch cannot do this (ReduceLROnPlateau cannot sit inside
/// SequentialLR or ChainedScheduler, pytorch#68978).
/// </summary>
/// <remarks>
/// v(t) = max(schedule(t)·scale, min_lr), where scale starts at 1 and is multiplied by factor at each reduction.
/// A reduction is applied only if it lowers the current value by more than eps (PyTorch) or the current value is
/// above min_lr (Keras). This object holds state (the scale and the plateau counters), so it is not an
/// <see cref="ISchedule"/>; <see cref="Current"/> gives a pure snapshot.
/// </remarks>
public sealed class PlateauScaledSchedule
{
    private readonly PlateauTracker tracker;

    /// <summary>Creates the reducer.</summary>
    /// <param name="schedule">The underlying schedule.</param>
    /// <param name="options">Plateau options.</param>
    /// <param name="minValue">PyTorch <c>min_lr</c>; non-negative.</param>
    public PlateauScaledSchedule(ISchedule schedule, PlateauOptions options, double minValue = 0.0)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        tracker = new PlateauTracker(options);
        MinValue = ScheduleChecks.NonNegative(minValue, "min_lr");
    }

    /// <summary>The underlying schedule.</summary>
    public ISchedule Schedule { get; }

    /// <summary>PyTorch <c>min_lr</c>.</summary>
    public double MinValue { get; }

    /// <summary>The accumulated plateau factor (1 until the first reduction).</summary>
    public double Scale { get; private set; } = 1.0;

    /// <summary>The plateau bookkeeping.</summary>
    public PlateauTracker Tracker => tracker;

    /// <summary>The value at <paramref name="step"/> with the current scale.</summary>
    public double ValueAt(long step) => Math.Max(Schedule.ValueAt(step) * Scale, MinValue);

    /// <summary>The schedule with the current scale frozen, as a pure schedule.</summary>
    public ISchedule Current => new FuncSchedule(ValueAtFrozen(Scale), $"{Schedule} x plateau {ScheduleChecks.Format(Scale)}");

    /// <summary>Reports the metric of the epoch that ended at <paramref name="step"/>; returns whether the scale changed.</summary>
    public bool Report(double metric, long step)
    {
        double before = Scale;
        tracker.Observe(metric, () =>
        {
            double old = ValueAt(step);
            double candidate = Math.Max(Schedule.ValueAt(step) * Scale * tracker.Options.Factor, MinValue);
            bool apply = tracker.Options.Semantics == PlateauSemantics.PyTorch ? old - candidate > tracker.Options.Eps : old > MinValue;
            if (apply)
            {
                Scale *= tracker.Options.Factor;
            }

            return apply;
        });
        return Scale != before;
    }

    /// <summary>The scale and counters as JSON.</summary>
    public JsonObject SaveState()
    {
        var state = tracker.SaveState();
        state["scale"] = Scale;
        return state;
    }

    /// <summary>Restores a state saved by <see cref="SaveState"/>.</summary>
    public void LoadState(JsonObject state)
    {
        ArgumentNullException.ThrowIfNull(state);
        tracker.LoadState(state);
        Scale = state["scale"]?.GetValue<double>() ?? throw new ArgumentException("plateau state lacks 'scale'.", nameof(state));
    }

    private Func<long, double> ValueAtFrozen(double scale) => step => Math.Max(Schedule.ValueAt(step) * scale, MinValue);
}
