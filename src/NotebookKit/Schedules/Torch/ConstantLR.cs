
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>ConstantLR</c>: the rate times <see cref="Factor"/> until <see cref="TotalIters"/>, then the rate.</summary>
/// <remarks>factor must be in (0, 1]: PyTorch accepts 0 and then divides by zero at total_iters; total_iters must be positive.</remarks>
public sealed class ConstantLR : LRScheduler
{
    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="factor">PyTorch <c>factor</c>; in (0, 1].</param>
    /// <param name="totalIters">PyTorch <c>total_iters</c>; positive.</param>
    public ConstantLR(IScheduledOptimizer optimizer, double factor = 1.0 / 3, long totalIters = 5)
        : base(optimizer)
    {
        if (!double.IsFinite(factor) || factor > 1.0 || factor < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), "Constant multiplicative factor expected to be between 0 and 1.");
        }

        if (factor == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), "factor must be greater than 0: PyTorch divides by it when total_iters is reached.");
        }

        Factor = factor;
        TotalIters = ScheduleChecks.Positive(totalIters, "total_iters");
        InitialStep();
    }

    /// <summary>PyTorch <c>factor</c>.</summary>
    public double Factor { get; }

    /// <summary>PyTorch <c>total_iters</c>.</summary>
    public long TotalIters { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        if (LastEpoch == 0)
        {
            return GroupRates(Factor);
        }

        return LastEpoch != TotalIters ? GroupRates() : GroupRates(1.0 / Factor);
    }

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() =>
        BaseLearningRates.Select(b => b * (Factor + ((LastEpoch >= TotalIters ? 1 : 0) * (1 - Factor)))).ToArray();
}
