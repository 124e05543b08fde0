using NotebookKit.Schedules;

namespace NotebookKit.Training.RangeTest;

/// <summary>The learning-rate sweep of a range test: exponential from <see cref="StartLr"/> towards <see cref="EndLr"/>.</summary>
/// <remarks>
/// <c>lr(i) = start · (end/start)^(i/num_iter)</c> for iteration <c>i = 0 … num_iter − 1</c> (fastai <c>SchedExp</c> in
/// <c>LRFinder</c>; Smith 2017 swept linearly, fastai exponentially). The value at <c>num_iter</c> would be
/// <see cref="EndLr"/>, which the sweep itself never uses.
/// </remarks>
/// <param name="StartLr">The first learning rate (fastai <c>start_lr</c>, default 1e-7).</param>
/// <param name="EndLr">The learning rate approached at the end (fastai <c>end_lr</c>, default 10).</param>
/// <param name="NumIter">Iterations (fastai <c>num_it</c>, default 100).</param>
public sealed record ExponentialSweep(double StartLr = 1e-7, double EndLr = 10, int NumIter = 100) : ISchedule
{
    /// <summary>The first learning rate.</summary>
    public double StartLr { get; } = StartLr > 0 && double.IsFinite(StartLr)
        ? StartLr
        : throw new ArgumentOutOfRangeException(nameof(StartLr), $"start_lr must be positive and finite, got {StartLr}.");

    /// <summary>The learning rate approached at the end; greater than <see cref="StartLr"/>.</summary>
    public double EndLr { get; } = EndLr > StartLr && double.IsFinite(EndLr)
        ? EndLr
        : throw new ArgumentOutOfRangeException(nameof(EndLr), $"end_lr must be finite and greater than start_lr ({StartLr}), got {EndLr}.");

    /// <summary>Iterations in the sweep.</summary>
    public int NumIter { get; } = NumIter >= 2
        ? NumIter
        : throw new ArgumentOutOfRangeException(nameof(NumIter), $"num_iter must be at least 2, got {NumIter}.");

    /// <summary>The learning rate for iteration <paramref name="step"/> (steps past the sweep keep growing along the same curve).</summary>
    public double ValueAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return StartLr * Math.Pow(EndLr / StartLr, (double)step / NumIter);
    }

    /// <summary>The learning rates of all <see cref="NumIter"/> iterations.</summary>
    public double[] LearningRates() => Enumerable.Range(0, NumIter).Select(i => ValueAt(i)).ToArray();
}
