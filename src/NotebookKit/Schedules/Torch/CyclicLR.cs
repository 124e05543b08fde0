using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>CyclicLR</c> (Smith 2017): the rate cycles between base_lr and max_lr, the momentum the other way.</summary>
/// <remarks>
/// <para>Meant to be stepped every batch (<see cref="SchedulerInterval.Batch"/>). Formula and operation order: see
/// <see cref="CyclicSchedule"/>. Construction sets each group's rate to base_lr and, when cycling momentum, its momentum
/// to base_momentum, exactly like PyTorch; the epoch-0 value is computed from the optimizer's recorded initial rate,
/// so a CyclicLR built after another scheduler on the same optimizer starts from that stale rate, as in PyTorch.</para>
/// <para>Momentum cycling writes <see cref="ILearningRateGroup.Momentum"/>: SGD/RMSprop momentum or Adam β1. PyTorch 1.13
/// rejects Adam here; current PyTorch accepts it and cycles β1, which this follows.</para>
/// </remarks>
public sealed class CyclicLR : LRScheduler
{
    private readonly double[] baseLrs;
    private readonly double[] maxLrs;
    private readonly double[] baseMomentums = [];
    private readonly double[] maxMomentums = [];
    private readonly CyclicSchedule shape;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="baseLr">PyTorch <c>base_lr</c>: one value, or one per group.</param>
    /// <param name="maxLr">PyTorch <c>max_lr</c>: one value, or one per group.</param>
    /// <param name="stepSizeUp">PyTorch <c>step_size_up</c>; positive.</param>
    /// <param name="stepSizeDown">PyTorch <c>step_size_down</c>; defaults to <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">PyTorch <c>mode</c>.</param>
    /// <param name="gamma">PyTorch <c>gamma</c> (exp_range).</param>
    /// <param name="scaleFn">PyTorch <c>scale_fn</c>; overrides <paramref name="mode"/>.</param>
    /// <param name="scaleMode">PyTorch <c>scale_mode</c> (custom scale_fn only).</param>
    /// <param name="cycleMomentum">PyTorch <c>cycle_momentum</c>.</param>
    /// <param name="baseMomentum">PyTorch <c>base_momentum</c>: one value, or one per group.</param>
    /// <param name="maxMomentum">PyTorch <c>max_momentum</c>: one value, or one per group.</param>
    public CyclicLR(
        IScheduledOptimizer optimizer,
        IReadOnlyList<double> baseLr,
        IReadOnlyList<double> maxLr,
        long stepSizeUp = 2000,
        long? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular,
        double gamma = 1.0,
        Func<double, double>? scaleFn = null,
        CyclicScaleMode scaleMode = CyclicScaleMode.Cycle,
        bool cycleMomentum = true,
        IReadOnlyList<double>? baseMomentum = null,
        IReadOnlyList<double>? maxMomentum = null)
        : base(SetBaseRates(optimizer, baseLr))
    {
        baseLrs = PerGroup(optimizer, baseLr, "base_lr");

        maxLrs = PerGroup(optimizer, maxLr, "max_lr");
        foreach (double m in maxLrs)
        {
            ScheduleChecks.NonNegative(m, "max_lr");
        }

        shape = new CyclicSchedule(0, 0, stepSizeUp, stepSizeDown, mode, gamma, scaleFn, scaleMode);
        CycleMomentum = cycleMomentum;
        if (cycleMomentum)
        {
            if (optimizer.Groups.Any(g => g.MomentumKind == MomentumKind.None))
            {
                throw new ArgumentException("optimizer must support momentum with `cycle_momentum` option enabled", nameof(optimizer));
            }

            double[] bm = PerGroup(optimizer, baseMomentum ?? [0.8], "base_momentum");
            for (int i = 0; i < bm.Length; i++)
            {
                optimizer.Groups[i].Momentum = ScheduleChecks.Between(bm[i], 0, 1, "base_momentum");
            }

            baseMomentums = optimizer.Groups.Select(g => g.Momentum).ToArray();
            maxMomentums = PerGroup(optimizer, maxMomentum ?? [0.9], "max_momentum");
            foreach (double m in maxMomentums)
            {
                ScheduleChecks.Between(m, 0, 1, "max_momentum");
            }
        }

        InitialStep();
        BaseLearningRates = baseLrs;
    }

    // PyTorch writes base_lr into the groups before the base constructor records initial_lr; so must we.
    private static IScheduledOptimizer SetBaseRates(IScheduledOptimizer optimizer, IReadOnlyList<double> baseLr)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double[] values = PerGroup(optimizer, baseLr, "base_lr");
        for (int i = 0; i < values.Length; i++)
        {
            optimizer.Groups[i].LearningRate = ScheduleChecks.NonNegative(values[i], "base_lr");
        }

        return optimizer;
    }

    /// <summary>PyTorch <c>max_lrs</c>.</summary>
    public IReadOnlyList<double> MaxLearningRates => maxLrs;

    /// <summary>PyTorch <c>cycle_momentum</c>.</summary>
    public bool CycleMomentum { get; }

    /// <summary>The cycle's shape (step sizes, mode, γ, scale function).</summary>
    public CyclicSchedule Shape => shape;

    /// <inheritdoc/>
    public override SchedulerInterval Interval => SchedulerInterval.Batch;

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        (double scaleFactor, double amplitude) = shape.Position(LastEpoch);
        var lrs = new double[baseLrs.Length];
        for (int i = 0; i < lrs.Length; i++)
        {
            double baseHeight = (maxLrs[i] - BaseLearningRates[i]) * scaleFactor;
            lrs[i] = BaseLearningRates[i] + (baseHeight * amplitude);
        }

        if (CycleMomentum)
        {
            for (int i = 0; i < lrs.Length; i++)
            {
                double baseHeight = (maxMomentums[i] - baseMomentums[i]) * scaleFactor;
                Optimizer.Groups[i].Momentum = maxMomentums[i] - (baseHeight * amplitude);
            }
        }

        return lrs;
    }
}
