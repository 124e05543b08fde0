namespace NotebookKit.Schedules;

/// <summary>Keras <c>ExponentialDecay</c>: init · rate^(step/decay_steps), the exponent floored when staircase.</summary>
/// <remarks>Keras computes in float32; this computes the same formula in float64.</remarks>
public sealed record ExponentialDecay : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">Keras <c>initial_learning_rate</c>.</param>
    /// <param name="decaySteps">Keras <c>decay_steps</c>; positive.</param>
    /// <param name="decayRate">Keras <c>decay_rate</c>; non-negative.</param>
    /// <param name="staircase">Keras <c>staircase</c>: decay in discrete jumps.</param>
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
    {
        InitialLearningRate = ScheduleChecks.NonNegative(initialLearningRate, "initial_learning_rate");
        DecaySteps = ScheduleChecks.Positive(decaySteps, "decay_steps");
        DecayRate = ScheduleChecks.NonNegative(decayRate, "decay_rate");
        Staircase = staircase;
    }

    /// <summary>Keras <c>initial_learning_rate</c>.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Keras <c>decay_steps</c>.</summary>
    public long DecaySteps { get; }

    /// <summary>Keras <c>decay_rate</c>.</summary>
    public double DecayRate { get; }

    /// <summary>Keras <c>staircase</c>.</summary>
    public bool Staircase { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        double p = (double)step / DecaySteps;
        return InitialLearningRate * Math.Pow(DecayRate, Staircase ? Math.Floor(p) : p);
    }
}
