namespace NotebookKit.Training;

/// <summary>Training stopped because a batch's loss was NaN or infinite.</summary>
public sealed class NonFiniteLossException : InvalidOperationException
{
    /// <summary>Creates the exception for a batch.</summary>
    /// <param name="epoch">The 1-based epoch.</param>
    /// <param name="batch">The 1-based batch within the epoch.</param>
    /// <param name="learningRate">The learning rate of the first parameter group at that batch.</param>
    /// <param name="loss">The non-finite loss.</param>
    public NonFiniteLossException(int epoch, int batch, double learningRate, double loss)
        : base($"The loss became {Describe(loss)} at epoch {epoch}, batch {batch} (learning rate {learningRate:G6}); training stopped. Try a smaller learning rate or gradient clipping.")
    {
        Epoch = epoch;
        Batch = batch;
        LearningRate = learningRate;
        Loss = loss;
    }

    /// <summary>The 1-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based batch within the epoch.</summary>
    public int Batch { get; }

    /// <summary>The learning rate of the first parameter group at that batch.</summary>
    public double LearningRate { get; }

    /// <summary>The non-finite loss.</summary>
    public double Loss { get; }

    private static string Describe(double loss) => double.IsNaN(loss) ? "NaN" : loss > 0 ? "+infinity" : "-infinity";
}
