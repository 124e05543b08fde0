
namespace NotebookKit.Schedules.Torch;

/// <summary>PyTorch <c>StepLR</c>: multiplies the rate by γ every <see cref="StepSize"/> steps.</summary>
/// <remarks>Recursive: lr·γ when t &gt; 0 and t % step_size == 0. Closed form: base·γ^⌊t/step_size⌋ (<see cref="StepSchedule"/>).
/// step_size ≤ 0 is rejected (PyTorch fails later with ZeroDivisionError).</remarks>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the scheduler.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="stepSize">PyTorch <c>step_size</c>; positive.</param>
    /// <param name="gamma">PyTorch <c>gamma</c>.</param>
    public StepLR(IScheduledOptimizer optimizer, long stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        StepSize = ScheduleChecks.Positive(stepSize, "step_size");
        Gamma = ScheduleChecks.NonNegative(gamma, "gamma");
        InitialStep();
    }

    /// <summary>PyTorch <c>step_size</c>.</summary>
    public long StepSize { get; }

    /// <summary>PyTorch <c>gamma</c>.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override double[] GetLearningRates() =>
        LastEpoch == 0 || LastEpoch % StepSize != 0 ? GroupRates() : GroupRates(Gamma);

    /// <inheritdoc/>
    protected override double[] GetClosedFormLearningRates() =>
        BaseLearningRates.Select(b => b * Math.Pow(Gamma, LastEpoch / StepSize)).ToArray();
}
