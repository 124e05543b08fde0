
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>PolynomialLR</c>: decays to 0 at total_iters as (1 − t/T)^power, then stays at 0.</summary>
/// <remarks>Recursive: lr·((1 − t/T)/(1 − (t − 1)/T))^power for 0 &lt; t ≤ T. total_iters must be positive (PyTorch accepts 0).</remarks>
public sealed class PolynomialLR : LRScheduler
{
    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="totalIters">PyTorch <c>total_iters</c>; positive.</param>
    /// <param name="power">PyTorch <c>power</c>; positive.</param>
    public PolynomialLR(IScheduledOptimizer optimizer, long totalIters = 5, double power = 1.0)
        : base(optimizer)
    {
        TotalIters = ScheduleChecks.Positive(totalIters, "total_iters");
        Power = ScheduleChecks.Positive(power, "power");
        InitialStep();
    }

    /// <summary>PyTorch <c>total_iters</c>.</summary>
    public long TotalIters { get; }

    /// <summary>PyTorch <c>power</c>.</summary>
    public double Power { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        if (LastEpoch == 0 || LastEpoch > TotalIters)
        {
            return GroupRates();
        }

        double decay = Math.Pow((1.0 - ((double)LastEpoch / TotalIters)) / (1.0 - ((double)(LastEpoch - 1) / TotalIters)), Power);
        return GroupRates(decay);
    }

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() =>
        BaseLearningRates.Select(b => b * Math.Pow(1.0 - ((double)Math.Min(TotalIters, LastEpoch) / TotalIters), Power)).ToArray();
}
