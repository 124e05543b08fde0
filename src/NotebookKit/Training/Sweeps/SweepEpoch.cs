using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>One epoch of a finished point's history, as <c>results.json</c> records it (timings left out).</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="LearningRate">The learning rate of its first batch (<c>lr</c>).</param>
/// <param name="TrainLoss">Size-weighted mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy.</param>
/// <param name="TestLoss">Test loss after the epoch; NaN when not recorded.</param>
/// <param name="TestAccuracy">Test accuracy after the epoch; NaN when not recorded.</param>
public sealed record SweepEpoch(int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy)
{
    /// <summary>The epoch with <c>results.json</c>'s keys.</summary>
    public JsonObject ToJson() => new()
    {
        ["epoch"] = Epoch,
        ["lr"] = LearningRate,
        ["train_loss"] = TrainLoss,
        ["train_accuracy"] = TrainAccuracy,
        ["test_loss"] = double.IsFinite(TestLoss) ? TestLoss : null,
        ["test_accuracy"] = double.IsFinite(TestAccuracy) ? TestAccuracy : null,
    };
}
