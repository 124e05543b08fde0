using NotebookKit.Display;

namespace NotebookKit.Training;

/// <summary>
/// Progress reporters that show one <see cref="ProgressBar"/> output and update it in place while the work runs:
/// <c>trainer.Fit(LiveProgress.ForTraining("F = 0.25"))</c>.
/// </summary>
/// <remarks>
/// It lives with training, not in the <c>NotebookKit.Display</c> leaf, because it knows <see cref="TrainingProgress"/>; the
/// display pieces it uses (<see cref="LiveDisplay"/>, <see cref="ProgressBar"/>) stay in the leaf. The bar is redrawn when it moves by a whole percent, at every epoch end and at the end, so a notebook sees at most
/// a few hundred updates however many batches run. Reports arrive synchronously on the working thread (like
/// <see cref="ProgressCallback{T}"/>), so the last update is shown when the work returns.
/// </remarks>
public static class LiveProgress
{
    /// <summary>A bar for <see cref="Trainer.Fit"/>: epoch, batch, loss and learning rate, and test accuracy at epoch ends.</summary>
    /// <param name="label">What is training, shown before the bar (e.g. <c>"F = 0.25"</c>).</param>
    public static IProgress<TrainingProgress> ForTraining(string label = "training") =>
        new Reporter<TrainingProgress>(label ?? "", p => p.Fraction, p => p.ToString(), p => p.EpochRecord is not null);

    /// <summary>A bar for any work counted in steps.</summary>
    /// <param name="label">Shown before the bar.</param>
    /// <param name="total">How many steps make the whole (positive).</param>
    /// <param name="unit">The step's name in the detail line, e.g. <c>"point"</c> gives <c>"point 3/12"</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is not positive.</exception>
    public static IProgress<int> ForSteps(string label, int total, string unit = "step")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        return new Reporter<int>(label ?? "", done => (double)done / total, done => FormattableString.Invariant($"{unit} {done}/{total}"), _ => false);
    }

    /// <summary>A bar for any work that reports <typeparamref name="T"/> (the range test's reporter is built on it).</summary>
    internal static IProgress<T> Create<T>(string label, Func<T, double> fraction, Func<T, string> detail) =>
        new Reporter<T>(label ?? "", fraction, detail, _ => false);

    private sealed class Reporter<T>(string label, Func<T, double> fraction, Func<T, string> detail, Func<T, bool> always) : IProgress<T>
    {
        private readonly object gate = new();
        private LiveDisplay? display;
        private int shownPercent = -1;

        public void Report(T value)
        {
            double done = fraction(value);
            int percent = double.IsNaN(done) ? 0 : (int)Math.Floor(Math.Clamp(done, 0, 1) * 100);
            lock (gate)
            {
                if (display is not null && percent == shownPercent && !always(value))
                {
                    return;
                }

                shownPercent = percent;
                var bar = new ProgressBar(label, done, detail(value));
                if (display is null)
                {
                    display = LiveDisplay.Show(bar);
                }
                else
                {
                    display.Update(bar);
                }
            }
        }
    }
}
