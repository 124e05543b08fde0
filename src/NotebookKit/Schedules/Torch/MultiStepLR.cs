
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>MultiStepLR</c>: multiplies the rate by γ at each milestone (a repeated milestone applies γ again).</summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly long[] sorted;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="milestones">PyTorch <c>milestones</c>: non-negative epochs, any order.</param>
    /// <param name="gamma">PyTorch <c>gamma</c>.</param>
    public MultiStepLR(IScheduledOptimizer optimizer, IEnumerable<long> milestones, double gamma = 0.1)
        : base(optimizer)
    {
        sorted = ScheduleChecks.SortedMilestones(milestones);
        Gamma = ScheduleChecks.NonNegative(gamma, "gamma");
        InitialStep();
    }

    /// <summary>PyTorch <c>milestones</c>, sorted.</summary>
    public IReadOnlyList<long> Milestones => sorted;

    /// <summary>PyTorch <c>gamma</c>.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates()
    {
        int count = sorted.Count(m => m == LastEpoch);
        return count == 0 ? GroupRates() : GroupRates(Math.Pow(Gamma, count));
    }

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() =>
        BaseLearningRates.Select(b => b * Math.Pow(Gamma, sorted.Count(m => m <= LastEpoch))).ToArray();
}
