
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>ExponentialLR</c>: multiplies the rate by γ every step. Closed form: <see cref="ExponentialSchedule"/>.</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="gamma">PyTorch <c>gamma</c> (required, as in PyTorch); non-negative.</param>
    public ExponentialLR(IScheduledOptimizer optimizer, double gamma)
        : base(optimizer)
    {
        Gamma = ScheduleChecks.NonNegative(gamma, "gamma");
        InitialStep();
    }

    /// <summary>PyTorch <c>gamma</c>.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates() => LastEpoch == 0 ? GroupRates() : GroupRates(Gamma);

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() => BaseLearningRates.Select(b => b * Math.Pow(Gamma, LastEpoch)).ToArray();
}
