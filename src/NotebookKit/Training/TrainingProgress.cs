namespace NotebookKit.Training;

/// <summary>A progress report from a <see cref="Trainer"/>, sent after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">The 1-based epoch in progress.</param>
/// <param name="Epochs">The total number of epochs.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The last batch's loss.</param>
/// <param name="LearningRate">The first group's learning rate used by the last batch.</param>
/// <param name="EpochRecord">Set on the end-of-epoch report: the epoch's history entry.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double LearningRate, EpochRecord? EpochRecord = null)
{
    /// <summary>One line for a status display, e.g. <c>epoch 3/10, batch 120/157: loss 0.4123, lr 0.01</c>.</summary>
    public override string ToString()
    {
        var line = FormattableString.Invariant($"epoch {Epoch}/{Epochs}, batch {Batch}/{Batches}: loss {Loss:G4}, lr {LearningRate:G4}");
        return EpochRecord?.TestAccuracy is double accuracy
            ? line + FormattableString.Invariant($", test accuracy {accuracy:P1}")
            : line;
    }
}
