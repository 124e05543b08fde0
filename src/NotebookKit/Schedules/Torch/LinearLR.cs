
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>LinearLR</c>: the rate's factor goes linearly from start_factor to end_factor over total_iters.</summary>
/// <remarks>
/// Recursive (PyTorch's numbers, e.g. 1.0000000000000002 at the end with the defaults):
/// lr·(1 + (end − start)/(T·start + (t − 1)·(end − start))). Closed form: base·(start + (end − start)·min(T, t)/T).
/// start_factor must be in (0, 1] (PyTorch 1.13 accepts 0 and then divides by zero; main rejects it too).
/// </remarks>
public sealed class LinearLR : LRScheduler
{
    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="startFactor">PyTorch <c>start_factor</c>; in (0, 1].</param>
    /// <param name="endFactor">PyTorch <c>end_factor</c>; in [0, 1].</param>
    /// <param name="totalIters">PyTorch <c>total_iters</c>; positive.</param>
    public LinearLR(IScheduledOptimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5)
        : base(optimizer)
    {
        if (!double.IsFinite(startFactor) || startFactor > 1 || startFactor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
        }

        if (!double.IsFinite(endFactor) || endFactor > 1 || endFactor < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(endFactor), "Ending multiplicative factor expected to be between 0 and 1.");
        }

        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = ScheduleChecks.Positive(totalIters, "total_iters");
        InitialStep();
    }

    /// <summary>PyTorch <c>start_factor</c>.</summary>
    public double StartFactor { get; }

    /// <summary>PyTorch <c>end_factor</c>.</summary>
    public double EndFactor { get; }

    /// <summary>PyTorch <c>total_iters</c>.</summary>
    public long TotalIters { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        if (LastEpoch == 0)
        {
            return GroupRates(StartFactor);
        }

        if (LastEpoch > TotalIters)
        {
            return GroupRates();
        }

        double d = EndFactor - StartFactor;
        return GroupRates(1.0 + (d / ((TotalIters * StartFactor) + ((LastEpoch - 1) * d))));
    }

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() =>
        BaseLearningRates.Select(b => b * (StartFactor + ((EndFactor - StartFactor) * Math.Min(TotalIters, LastEpoch) / TotalIters))).ToArray();
}
