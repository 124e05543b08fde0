
namespace NotebookKit.Schedules.Torch;

/// <summary>Drives an optimizer from a pure <see cref="ISchedule"/> in the PyTorch loop: after <c>t</c> steps every group's rate is <c>schedule(t)</c>.</summary>
/// <remarks>
/// This is how Keras schedules run (the optimizer evaluates the schedule at <c>iterations</c>), and how any schedule of
/// this library (warm-up then cosine, joins, products) plugs into code written for PyTorch schedulers. It ignores the
/// group's current rate (not chainable) and holds no state but <see cref="LRScheduler.LastEpoch"/>.
/// </remarks>
public sealed class ScheduleLR : LRScheduler
{
    /// <summary>Creates the scheduler and applies <c>schedule(0)</c>.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="interval">How often the caller means to step it.</param>
    public ScheduleLR(IScheduledOptimizer optimizer, ISchedule schedule, SchedulerInterval interval = SchedulerInterval.Batch)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        Interval = interval;
        InitialStep();
    }

    /// <summary>The schedule.</summary>
    public ISchedule Schedule { get; }

    /// <inheritdoc/>
    public override SchedulerInterval Interval { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        double v = Schedule.ValueAt(LastEpoch);
        return Enumerable.Repeat(v, Optimizer.Groups.Count).ToArray();
    }

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() => GetLearningRates();
}
