namespace NotebookKit.Schedules;

/// <summary>Keras <c>CosineDecay</c>: cosine decay to α·peak over decay_steps, with an optional linear warm-up first.</summary>
/// <remarks>
/// decay(s, from) = from·((1 − α)·½(1 + cos(π·s/decay_steps)) + α). Without a warm-up target: decay(min(s, ds), init).
/// With one: linear init → warmup_target over warmup_steps, then decay(min(s, ds + ws) − ws, warmup_target).
/// decay_steps does not include the warm-up (unlike optax's <c>warmup_cosine_decay_schedule</c>).
/// </remarks>
public sealed record CosineDecay : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">Keras <c>initial_learning_rate</c>.</param>
    /// <param name="decaySteps">Keras <c>decay_steps</c>; positive.</param>
    /// <param name="alpha">Keras <c>alpha</c>: the floor as a fraction of the peak; in [0, 1].</param>
    /// <param name="warmupTarget">Keras <c>warmup_target</c>: the peak after warm-up, or null for none.</param>
    /// <param name="warmupSteps">Keras <c>warmup_steps</c>; non-negative.</param>
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, double? warmupTarget = null, long warmupSteps = 0)
    {
        InitialLearningRate = ScheduleChecks.NonNegative(initialLearningRate, "initial_learning_rate");
        DecaySteps = ScheduleChecks.Positive(decaySteps, "decay_steps");
        Alpha = ScheduleChecks.Between(alpha, 0, 1, "alpha");
        WarmupTarget = warmupTarget is { } w ? ScheduleChecks.NonNegative(w, "warmup_target") : null;
        WarmupSteps = ScheduleChecks.NonNegative(warmupSteps, "warmup_steps");
    }

    /// <summary>Keras <c>initial_learning_rate</c>.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Keras <c>decay_steps</c>.</summary>
    public long DecaySteps { get; }

    /// <summary>Keras <c>alpha</c>.</summary>
    public double Alpha { get; }

    /// <summary>Keras <c>warmup_target</c>.</summary>
    public double? WarmupTarget { get; }

    /// <summary>Keras <c>warmup_steps</c> (ignored without a warm-up target, as in Keras).</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        if (WarmupTarget is not { } target)
        {
            return Decay(Math.Min(step, DecaySteps), InitialLearningRate);
        }

        long s = Math.Min(step, DecaySteps + WarmupSteps);
        return s < WarmupSteps
            ? ((target - InitialLearningRate) * ((double)s / WarmupSteps)) + InitialLearningRate
            : Decay(s - WarmupSteps, target);
    }

    private double Decay(long s, double from)
    {
        double cosine = 0.5 * (1.0 + Math.Cos(Math.PI * s / DecaySteps));
        return from * (((1 - Alpha) * cosine) + Alpha);
    }
}
