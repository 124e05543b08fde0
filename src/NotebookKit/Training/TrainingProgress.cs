using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training;

/// <summary>A progress report from a <see cref="Trainer"/>, sent after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">The 1-based epoch in progress.</param>
/// <param name="Epochs">The total number of epochs.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The last batch's loss.</param>
/// <param name="LearningRate">The first group's learning rate used by the last batch.</param>
/// <param name="EpochRecord">Set on the end-of-epoch report: the epoch's history entry.</param>
/// <remarks>Displays in a notebook as a compact <see cref="ProgressBar"/>; <see cref="LiveProgress.ForTraining"/> keeps one such
/// output updated while <see cref="Trainer.Fit"/> runs.</remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double LearningRate, EpochRecord? EpochRecord = null)
    : IHtmlDisplayable
{
    /// <summary>The share of the whole run done: <c>((Epoch - 1) * Batches + Batch) / (Epochs * Batches)</c>.</summary>
    public double Fraction => Epochs <= 0 || Batches <= 0 ? 0 : Math.Clamp(((Epoch - 1) * (double)Batches + Batch) / ((double)Epochs * Batches), 0, 1);

    /// <summary>A compact bar with this report's numbers.</summary>
    public string ToHtml() => new ProgressBar("training", Fraction, ToString()).ToHtml();

    /// <summary>One line for a status display, e.g. <c>epoch 3/10, batch 120/157: loss 0.4123, lr 0.01</c>.</summary>
    public override string ToString()
    {
        // The rate through the charts' label format: a decayed rate reads 6.1e-7, never .NET's 6.104E-07.
        var line = FormattableString.Invariant($"epoch {Epoch}/{Epochs}, batch {Batch}/{Batches}: loss {Loss:G4}, lr {Charts.Label(LearningRate)}");
        return EpochRecord?.TestAccuracy is double accuracy
            ? line + FormattableString.Invariant($", test accuracy {accuracy:P1}")
            : line;
    }
}
