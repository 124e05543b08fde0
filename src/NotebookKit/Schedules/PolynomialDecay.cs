namespace NotebookKit.Schedules;

/// <summary>Keras <c>PolynomialDecay</c>: (init − end)·(1 − s/decay_steps)^power + end, optionally cycling.</summary>
/// <remarks>
/// Without cycle, s = min(step, decay_steps). With cycle, decay_steps is multiplied by ⌈step/decay_steps⌉ (1 at step 0),
/// so at exact multiples the value is <c>end</c> and the restart comes one step later (Keras). Note Keras's default
/// end_learning_rate is 1e-4, not 0.
/// </remarks>
public sealed record PolynomialDecay : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">Keras <c>initial_learning_rate</c>.</param>
    /// <param name="decaySteps">Keras <c>decay_steps</c>; positive.</param>
    /// <param name="endLearningRate">Keras <c>end_learning_rate</c>.</param>
    /// <param name="power">Keras <c>power</c>; positive.</param>
    /// <param name="cycle">Keras <c>cycle</c>.</param>
    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 1e-4, double power = 1.0, bool cycle = false)
    {
        InitialLearningRate = ScheduleChecks.NonNegative(initialLearningRate, "initial_learning_rate");
        DecaySteps = ScheduleChecks.Positive(decaySteps, "decay_steps");
        EndLearningRate = ScheduleChecks.NonNegative(endLearningRate, "end_learning_rate");
        Power = ScheduleChecks.Positive(power, "power");
        Cycle = cycle;
    }

    /// <summary>Keras <c>initial_learning_rate</c>.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Keras <c>decay_steps</c>.</summary>
    public long DecaySteps { get; }

    /// <summary>Keras <c>end_learning_rate</c>.</summary>
    public double EndLearningRate { get; }

    /// <summary>Keras <c>power</c>.</summary>
    public double Power { get; }

    /// <summary>Keras <c>cycle</c>.</summary>
    public bool Cycle { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        double s = step;
        double ds = DecaySteps;
        if (Cycle)
        {
            ds *= step == 0 ? 1.0 : Math.Ceiling(s / ds);
        }
        else
        {
            s = Math.Min(s, ds);
        }

        return ((InitialLearningRate - EndLearningRate) * Math.Pow(1 - (s / ds), Power)) + EndLearningRate;
    }
}
