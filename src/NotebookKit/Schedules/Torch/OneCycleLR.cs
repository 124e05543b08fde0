
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>OneCycleLR</c> (Smith &amp; Topin 2017): warm-up to max_lr, then anneal far below the start; momentum inverse.</summary>
/// <remarks>
/// <para>Meant to be stepped every batch. Phases and formulas: <see cref="OneCycleSchedule"/>. Construction records
/// initial_lr = max_lr/div_factor for every group (overwriting, as PyTorch does) and sets momentum (or Adam β1, as
/// in PyTorch 1.13) to max_momentum.</para>
/// <para>Holes closed: pct_start·total_steps == 1 is rejected (PyTorch: ZeroDivisionError in the constructor). The step
/// to step total_steps is allowed, as in PyTorch 1.13: the usual loop <c>optimizer.Step(); scheduler.Step();</c> makes it
/// after the last update, and it writes PyTorch's extrapolated value, which no update uses. Where that value would be
/// negative (linear annealing) the group holds its final rate and momentum instead; any further step throws (PyTorch:
/// "Tried to step …").</para>
/// </remarks>
public sealed class OneCycleLR : LRScheduler
{
    private readonly OneCycleSchedule[] groups;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="maxLr">PyTorch <c>max_lr</c>: one value, or one per group.</param>
    /// <param name="totalSteps">PyTorch <c>total_steps</c>; or null to use epochs·steps_per_epoch.</param>
    /// <param name="epochs">PyTorch <c>epochs</c>.</param>
    /// <param name="stepsPerEpoch">PyTorch <c>steps_per_epoch</c>.</param>
    /// <param name="pctStart">PyTorch <c>pct_start</c>.</param>
    /// <param name="annealStrategy">PyTorch <c>anneal_strategy</c>.</param>
    /// <param name="cycleMomentum">PyTorch <c>cycle_momentum</c>.</param>
    /// <param name="baseMomentum">PyTorch <c>base_momentum</c>: one value, or one per group.</param>
    /// <param name="maxMomentum">PyTorch <c>max_momentum</c>: one value, or one per group.</param>
    /// <param name="divFactor">PyTorch <c>div_factor</c>.</param>
    /// <param name="finalDivFactor">PyTorch <c>final_div_factor</c>.</param>
    /// <param name="threePhase">PyTorch <c>three_phase</c>.</param>
    public OneCycleLR(
        IScheduledOptimizer optimizer,
        IReadOnlyList<double> maxLr,
        long? totalSteps = null,
        long? epochs = null,
        long? stepsPerEpoch = null,
        double pctStart = 0.3,
        OneCycleAnnealStrategy annealStrategy = OneCycleAnnealStrategy.Cos,
        bool cycleMomentum = true,
        IReadOnlyList<double>? baseMomentum = null,
        IReadOnlyList<double>? maxMomentum = null,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        bool threePhase = false)
        : base(optimizer)
    {
        long total;
        if (totalSteps is null && epochs is null && stepsPerEpoch is null)
        {
            throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)", nameof(totalSteps));
        }
        else if (totalSteps is { } t)
        {
            total = t > 0 ? t : throw new ArgumentOutOfRangeException(nameof(totalSteps), $"Expected positive integer total_steps, but got {t}");
        }
        else
        {
            long e = epochs is { } ev && ev > 0 ? ev : throw new ArgumentOutOfRangeException(nameof(epochs), $"Expected positive integer epochs, but got {(epochs is null ? "None" : epochs.ToString())}");
            long s = stepsPerEpoch is { } sv && sv > 0 ? sv : throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), $"Expected positive integer steps_per_epoch, but got {(stepsPerEpoch is null ? "None" : stepsPerEpoch.ToString())}");
            total = checked(e * s);
        }

        if (!double.IsFinite(pctStart) || pctStart < 0 || pctStart > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), $"Expected float between 0 and 1 pct_start, but got {ScheduleChecks.Format(pctStart)}");
        }

        TotalSteps = total;
        double[] maxLrs = PerGroup(optimizer, maxLr, "max_lr");
        CycleMomentum = cycleMomentum;
        double[] maxMoms = PerGroup(optimizer, maxMomentum ?? [0.95], "max_momentum");
        double[] baseMoms = PerGroup(optimizer, baseMomentum ?? [0.85], "base_momentum");
        if (cycleMomentum && optimizer.Groups.Any(g => g.MomentumKind == MomentumKind.None))
        {
            throw new ArgumentException("optimizer must support momentum with `cycle_momentum` option enabled", nameof(optimizer));
        }

        groups = maxLrs.Select((m, i) => new OneCycleSchedule(m, total, pctStart, annealStrategy, divFactor, finalDivFactor, threePhase, baseMoms[i], maxMoms[i])).ToArray();
        // PyTorch overwrites group['initial_lr'] here, whatever an earlier scheduler recorded.
        for (int i = 0; i < groups.Length; i++)
        {
            optimizer.Groups[i].InitialLearningRate = groups[i].MaxValue / groups[i].DivFactor;
        }

        BaseLearningRates = groups.Select(g => g.MaxValue / g.DivFactor).ToArray();
        if (cycleMomentum)
        {
            for (int i = 0; i < groups.Length; i++)
            {
                optimizer.Groups[i].Momentum = maxMoms[i];
            }
        }

        InitialStep();
    }

    /// <summary>PyTorch <c>total_steps</c>.</summary>
    public long TotalSteps { get; }

    /// <summary>PyTorch <c>cycle_momentum</c>.</summary>
    public bool CycleMomentum { get; }

    /// <summary>Each group's schedule (learning rate and momentum).</summary>
    public IReadOnlyList<OneCycleSchedule> GroupSchedules => groups;

    /// <inheritdoc/>
    public override SchedulerInterval Interval => SchedulerInterval.Batch;

    /// <inheritdoc/>
    public override void Step()
    {
        // PyTorch 1.13 allows the step to last_epoch == total_steps: the usual loop calls scheduler.step() after the
        // last of total_steps optimizer steps, and that step extrapolates the last phase (a value no update uses).
        // Only the step after that is an error.
        if (LastEpoch + 1 > TotalSteps)
        {
            throw new InvalidOperationException(
                $"OneCycleLR stepped past its end: total_steps={TotalSteps} defines the rates for {TotalSteps} optimizer steps (0..{TotalSteps - 1}), " +
                $"and this would be step {LastEpoch + 1}. Make total_steps (or epochs·steps_per_epoch) match the number of optimizer steps.");
        }

        base.Step();
    }

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        var lrs = new double[groups.Length];
        for (int i = 0; i < groups.Length; i++)
        {
            (double lr, double momentum) = groups[i].Evaluate(LastEpoch);
            if (LastEpoch == TotalSteps && lr < 0)
            {
                // PyTorch 1.13 writes the linear anneal extrapolated below zero here. No update uses this step's value,
                // but a negative rate is never written: the group holds its final rate and momentum instead.
                (lr, momentum) = groups[i].Evaluate(TotalSteps - 1);
            }

            lrs[i] = lr;
            if (CycleMomentum)
            {
                Optimizer.Groups[i].Momentum = momentum;
            }
        }

        return lrs;
    }
}
