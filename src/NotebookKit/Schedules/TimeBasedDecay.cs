namespace NotebookKit.Schedules;

/// <summary>The Keras ≤ 2.10 optimizer argument <c>decay</c> ("time-based decay"): lr / (1 + decay · iterations).</summary>
/// <remarks>
/// <c>iterations</c> counts updates already applied, so the first update uses lr (Keras <c>_decayed_lr</c>;
/// PyTorch <c>Adagrad</c>'s <c>lr_decay</c> is the same formula). Keras 3 ignores <c>decay</c> with a warning.
/// </remarks>
public sealed record TimeBasedDecay : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">Keras <c>lr</c>/<c>learning_rate</c>.</param>
    /// <param name="decay">Keras <c>decay</c>; non-negative.</param>
    public TimeBasedDecay(double learningRate, double decay)
    {
        LearningRate = ScheduleChecks.NonNegative(learningRate, "learning_rate");
        Decay = ScheduleChecks.NonNegative(decay, "decay");
    }

    /// <summary>Keras <c>learning_rate</c>.</summary>
    public double LearningRate { get; }

    /// <summary>Keras <c>decay</c>.</summary>
    public double Decay { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        return LearningRate * (1.0 / (1.0 + (Decay * step)));
    }
}
