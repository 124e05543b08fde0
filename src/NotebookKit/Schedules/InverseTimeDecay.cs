namespace NotebookKit.Schedules;

/// <summary>Keras <c>InverseTimeDecay</c>: init / (1 + rate · step/decay_steps), the ratio floored when staircase.</summary>
/// <remarks>With decay_steps = 1 this is the Keras ≤ 2.10 optimizer argument <c>decay</c>: see <see cref="TimeBasedDecay"/>.</remarks>
public sealed record InverseTimeDecay : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">Keras <c>initial_learning_rate</c>.</param>
    /// <param name="decaySteps">Keras <c>decay_steps</c>; positive.</param>
    /// <param name="decayRate">Keras <c>decay_rate</c>; non-negative.</param>
    /// <param name="staircase">Keras <c>staircase</c>.</param>
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false)
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
        return InitialLearningRate / (1 + (DecayRate * (Staircase ? Math.Floor(p) : p)));
    }
}
