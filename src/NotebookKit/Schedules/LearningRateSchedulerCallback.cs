
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Schedules;

/// <summary>Keras <c>LearningRateScheduler</c>: at the start of each epoch, sets every group's rate to <c>schedule(epoch, lr)</c>.</summary>
/// <remarks>
/// The epoch is 0-based, as in Keras's <c>on_epoch_begin</c>. Use <see cref="FromSchedule"/> for a pure schedule of the
/// epoch (such as <see cref="StepDecay"/>). The result must be finite and non-negative (Keras: "The output of the schedule
/// function should be a float.").
/// </remarks>
public sealed class LearningRateSchedulerCallback
{
    private readonly Func<int, double, double> schedule;

    /// <summary>Creates the callback from Keras's two-argument form <c>schedule(epoch, lr)</c>.</summary>
    public LearningRateSchedulerCallback(Func<int, double, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        this.schedule = schedule;
    }

    /// <summary>Creates the callback from a pure schedule of the epoch.</summary>
    public static LearningRateSchedulerCallback FromSchedule(ISchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new LearningRateSchedulerCallback((epoch, _) => schedule.ValueAt(epoch));
    }

    /// <summary>Sets the learning rate for <paramref name="epoch"/> (Keras <c>on_epoch_begin</c>); returns it.</summary>
    public double OnEpochBegin(int epoch, IScheduledOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), $"epoch must be non-negative, got {epoch}.");
        }

        if (optimizer.Groups.Count == 0)
        {
            throw new ArgumentException("The optimizer has no parameter groups.", nameof(optimizer));
        }

        double lr = schedule(epoch, optimizer.Groups[0].LearningRate);
        if (!double.IsFinite(lr) || lr < 0)
        {
            throw new InvalidOperationException($"The output of the schedule function should be a finite, non-negative float; got {ScheduleChecks.Format(lr)} at epoch {epoch}.");
        }

        foreach (var group in optimizer.Groups)
        {
            group.LearningRate = lr;
        }

        return lr;
    }
}
