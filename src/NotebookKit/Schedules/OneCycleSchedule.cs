namespace NotebookKit.Schedules;

/// <summary>The 1cycle policy (Smith &amp; Topin 2017; PyTorch <c>OneCycleLR</c>), learning rate and momentum.</summary>
/// <remarks>
/// <para>Two phases (default, fastai style): initial = max/div_factor → max over steps 0 .. pct_start·T − 1, then
/// max → min = initial/final_div_factor at step T − 1. Three phases (the paper): initial → max, max → initial by
/// 2·pct_start·T − 2, then initial → min. Momentum runs the other way (max_momentum → base_momentum → max_momentum).</para>
/// <para>Defined for steps 0 .. T − 1. Asking for a later step throws (PyTorch 1.13 returns one extrapolated value
/// at step T, negative with linear annealing, and throws after that).</para>
/// </remarks>
public sealed record OneCycleSchedule : ISchedule
{
    private readonly (double EndStep, int StartLr, int EndLr, int StartMomentum, int EndMomentum)[] phases;

    /// <summary>Creates the schedule.</summary>
    /// <param name="maxValue">PyTorch <c>max_lr</c>; positive.</param>
    /// <param name="totalSteps">PyTorch <c>total_steps</c>; positive.</param>
    /// <param name="pctStart">PyTorch <c>pct_start</c>: the fraction of steps spent rising; in [0, 1].</param>
    /// <param name="annealStrategy">PyTorch <c>anneal_strategy</c>.</param>
    /// <param name="divFactor">PyTorch <c>div_factor</c>: initial = max/div_factor; positive.</param>
    /// <param name="finalDivFactor">PyTorch <c>final_div_factor</c>: min = initial/final_div_factor; positive.</param>
    /// <param name="threePhase">PyTorch <c>three_phase</c>.</param>
    /// <param name="baseMomentum">PyTorch <c>base_momentum</c>.</param>
    /// <param name="maxMomentum">PyTorch <c>max_momentum</c>.</param>
    public OneCycleSchedule(
        double maxValue,
        long totalSteps,
        double pctStart = 0.3,
        OneCycleAnnealStrategy annealStrategy = OneCycleAnnealStrategy.Cos,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        bool threePhase = false,
        double baseMomentum = 0.85,
        double maxMomentum = 0.95)
    {
        MaxValue = ScheduleChecks.Positive(maxValue, "max_lr");
        TotalSteps = ScheduleChecks.Positive(totalSteps, "total_steps");
        PctStart = ScheduleChecks.Between(pctStart, 0, 1, "pct_start");
        AnnealStrategy = annealStrategy;
        DivFactor = ScheduleChecks.Positive(divFactor, "div_factor");
        FinalDivFactor = ScheduleChecks.Positive(finalDivFactor, "final_div_factor");
        ThreePhase = threePhase;
        BaseMomentum = ScheduleChecks.NonNegative(baseMomentum, "base_momentum");
        MaxMomentum = ScheduleChecks.NonNegative(maxMomentum, "max_momentum");

        // Keys: 0 initial, 1 max, 2 min (learning rate); 0 max, 1 base (momentum). Same end steps as PyTorch.
        phases = threePhase
            ? [((pctStart * totalSteps) - 1, 0, 1, 0, 1), ((2 * pctStart * totalSteps) - 2, 1, 0, 1, 0), (totalSteps - 1, 0, 2, 0, 0)]
            : [((pctStart * totalSteps) - 1, 0, 1, 0, 1), (totalSteps - 1, 1, 2, 1, 0)];

        // PyTorch divides by (end − start) of the phase a step falls in. pct_start·T == 1 puts the end of phase 1 at
        // step 0, where PyTorch raises ZeroDivisionError inside the constructor; no other configuration divides by zero
        // for steps 0 .. T − 1 (a negative phase end is simply skipped by the walk).
        if (phases[0].EndStep == 0)
        {
            throw new ArgumentException(
                $"OneCycleLR: pct_start·total_steps must not equal 1 (pct_start={ScheduleChecks.Format(pctStart)}, total_steps={totalSteps}): " +
                "the warm-up phase would have zero length (PyTorch 1.13 raises ZeroDivisionError).",
                nameof(pctStart));
        }
    }

    /// <summary>The peak (PyTorch <c>max_lr</c>).</summary>
    public double MaxValue { get; }

    /// <summary>The number of steps in the cycle (PyTorch <c>total_steps</c>).</summary>
    public long TotalSteps { get; }

    /// <summary>The fraction of the cycle spent rising (PyTorch <c>pct_start</c>).</summary>
    public double PctStart { get; }

    /// <summary>The interpolation (PyTorch <c>anneal_strategy</c>).</summary>
    public OneCycleAnnealStrategy AnnealStrategy { get; }

    /// <summary>initial = max/div_factor (PyTorch <c>div_factor</c>).</summary>
    public double DivFactor { get; }

    /// <summary>min = initial/final_div_factor (PyTorch <c>final_div_factor</c>).</summary>
    public double FinalDivFactor { get; }

    /// <summary>Whether the policy has the paper's three phases (PyTorch <c>three_phase</c>).</summary>
    public bool ThreePhase { get; }

    /// <summary>The momentum at the learning-rate peak (PyTorch <c>base_momentum</c>).</summary>
    public double BaseMomentum { get; }

    /// <summary>The momentum at the ends (PyTorch <c>max_momentum</c>).</summary>
    public double MaxMomentum { get; }

    /// <summary>The learning rate at step 0 (PyTorch <c>initial_lr</c> = max_lr/div_factor).</summary>
    public double InitialValue => MaxValue / DivFactor;

    /// <summary>The final learning rate (PyTorch <c>min_lr</c> = initial_lr/final_div_factor).</summary>
    public double MinValue => InitialValue / FinalDivFactor;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative or not below <see cref="TotalSteps"/>.</exception>
    public double ValueAt(long step) => Evaluate(CheckStep(step)).Lr;

    /// <summary>The momentum (or Adam β1) at <paramref name="step"/>.</summary>
    public double MomentumAt(long step) => Evaluate(CheckStep(step)).Momentum;

    private long CheckStep(long step)
    {
        ScheduleChecks.Step(step);
        if (step >= TotalSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"OneCycleLR has total_steps={TotalSteps} values (steps 0..{TotalSteps - 1}); step {step} is past the end.");
        }

        return step;
    }

    /// <summary>PyTorch's phase walk with its operation order; no range check.</summary>
    internal (double Lr, double Momentum) Evaluate(long step)
    {
        double initial = MaxValue / DivFactor;
        double[] lrs = [initial, MaxValue, initial / FinalDivFactor];
        double[] moms = [MaxMomentum, BaseMomentum];
        double startStep = 0;
        for (int i = 0; i < phases.Length; i++)
        {
            var phase = phases[i];
            if (step <= phase.EndStep || i == phases.Length - 1)
            {
                double pct = (step - startStep) / (phase.EndStep - startStep);
                return (Anneal(lrs[phase.StartLr], lrs[phase.EndLr], pct), Anneal(moms[phase.StartMomentum], moms[phase.EndMomentum], pct));
            }

            startStep = phase.EndStep;
        }

        throw new InvalidOperationException("unreachable: the last phase always matches");
    }

    private double Anneal(double start, double end, double pct) => AnnealStrategy == OneCycleAnnealStrategy.Cos
        ? end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1))
        : ((end - start) * pct) + start;

    /// <summary>Value equality over the PyTorch arguments (the phase table is derived from them).</summary>
    public bool Equals(OneCycleSchedule? other) =>
        other is not null && MaxValue.Equals(other.MaxValue) && TotalSteps == other.TotalSteps && PctStart.Equals(other.PctStart)
        && AnnealStrategy == other.AnnealStrategy && DivFactor.Equals(other.DivFactor) && FinalDivFactor.Equals(other.FinalDivFactor)
        && ThreePhase == other.ThreePhase && BaseMomentum.Equals(other.BaseMomentum) && MaxMomentum.Equals(other.MaxMomentum);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(MaxValue, TotalSteps, PctStart, AnnealStrategy, DivFactor, FinalDivFactor, ThreePhase, HashCode.Combine(BaseMomentum, MaxMomentum));
}
