namespace NotebookKit.Schedules;

/// <summary>Keras <c>CosineDecayRestarts</c> (SGDR): cosine cycles growing by t_mul, peaks shrinking by m_mul.</summary>
/// <remarks>
/// cf = step/first_decay_steps; the cycle i and the position in it come from the geometric sum of cycle lengths;
/// v = init·((1 − α)·½·m_mul^i·(1 + cos(π·cf)) + α). α is not multiplied by m_mul^i. Keras finds i with a float
/// logarithm that can land just below an integer at a restart; this finds it exactly (then corrects the estimate).
/// </remarks>
public sealed record CosineDecayRestarts : ISchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">Keras <c>initial_learning_rate</c>.</param>
    /// <param name="firstDecaySteps">Keras <c>first_decay_steps</c>; positive.</param>
    /// <param name="tMul">Keras <c>t_mul</c>: cycle length growth; at least 1.</param>
    /// <param name="mMul">Keras <c>m_mul</c>: peak factor per restart; in (0, 1].</param>
    /// <param name="alpha">Keras <c>alpha</c>: floor as a fraction of init; in [0, 1].</param>
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0)
    {
        InitialLearningRate = ScheduleChecks.NonNegative(initialLearningRate, "initial_learning_rate");
        FirstDecaySteps = ScheduleChecks.Positive(firstDecaySteps, "first_decay_steps");
        if (!(tMul >= 1) || !double.IsFinite(tMul))
        {
            throw new ArgumentOutOfRangeException(nameof(tMul), $"t_mul must be >= 1, got {ScheduleChecks.Format(tMul)}.");
        }

        TMul = tMul;
        if (!(mMul > 0) || mMul > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(mMul), $"m_mul must be in (0, 1], got {ScheduleChecks.Format(mMul)}.");
        }

        MMul = mMul;
        Alpha = ScheduleChecks.Between(alpha, 0, 1, "alpha");
    }

    /// <summary>Keras <c>initial_learning_rate</c>.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Keras <c>first_decay_steps</c>.</summary>
    public long FirstDecaySteps { get; }

    /// <summary>Keras <c>t_mul</c>.</summary>
    public double TMul { get; }

    /// <summary>Keras <c>m_mul</c>.</summary>
    public double MMul { get; }

    /// <summary>Keras <c>alpha</c>.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ScheduleChecks.Step(step);
        double cf = (double)step / FirstDecaySteps;
        double i;
        if (TMul == 1.0)
        {
            i = Math.Floor(cf);
            cf -= i;
        }
        else
        {
            i = CycleEstimate(cf);
            while (SumR(i + 1) <= cf)
            {
                i++;
            }

            while (i > 0 && SumR(i) > cf)
            {
                i--;
            }

            cf = (cf - SumR(i)) / Math.Pow(TMul, i);
        }

        double cosine = 0.5 * Math.Pow(MMul, i) * (1.0 + Math.Cos(Math.PI * cf));
        return InitialLearningRate * (((1 - Alpha) * cosine) + Alpha);
    }

    private double SumR(double i) => (1.0 - Math.Pow(TMul, i)) / (1.0 - TMul);

    /// <summary>
    /// Keras' cycle index floor(log(1 − cf·(1 − t_mul)) / log(t_mul)), kept finite: for a huge t_mul (1e308) the
    /// argument overflows to infinity, the index would be infinite and the correction loops in <see cref="ValueAt"/>
    /// would never end, so the logarithm is taken term by term instead: log(cf·(t_mul − 1)) = log(cf) + log(t_mul − 1).
    /// </summary>
    private double CycleEstimate(double cf)
    {
        double growth = cf * (TMul - 1.0);
        double log = double.IsFinite(growth) ? Math.Log(1.0 + growth) : Math.Log(cf) + Math.Log(TMul - 1.0);
        double i = Math.Floor(log / Math.Log(TMul));
        return double.IsFinite(i) && i >= 0 ? i : 0;
    }
}
