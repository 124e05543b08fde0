
namespace NotebookKit.Training.RangeTest;

/// <summary>Options of a learning-rate range test (fastai <c>lr_find</c>).</summary>
/// <param name="Sweep">The exponential sweep: start_lr, end_lr, num_iter.</param>
/// <param name="Beta">Smoothing factor of the loss average (fastai <c>AvgSmoothLoss(beta)</c>, 0.98).</param>
/// <param name="StopDiv">Stop when the smoothed loss exceeds 4x its minimum (fastai <c>stop_div</c>).</param>
public sealed record RangeTestOptions(ExponentialSweep Sweep, double Beta = 0.98, bool StopDiv = true)
{
    /// <summary>fastai's defaults: 1e-7 to 10 over 100 iterations.</summary>
    public RangeTestOptions()
        : this(new ExponentialSweep())
    {
    }

    /// <summary>The exponential sweep.</summary>
    public ExponentialSweep Sweep { get; } = Sweep ?? throw new ArgumentNullException(nameof(Sweep));

    /// <summary>Smoothing factor in [0, 1).</summary>
    public double Beta { get; } = Beta is >= 0 and < 1 ? Beta : throw new ArgumentOutOfRangeException(nameof(Beta), $"beta must be in [0, 1), got {Beta}.");
}
