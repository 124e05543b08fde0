using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>Measured step times of one kind of point (model, dataset, batch size, threads, optimizer) on this machine.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Dataset">The dataset name (its image shape is what matters).</param>
/// <param name="BatchSize">Images per batch.</param>
/// <param name="Threads">Compute threads.</param>
/// <param name="Optimizer">The optimizer's <c>type</c>.</param>
/// <param name="SecondsPerTrainStep">One training step: forward, loss, backward and the optimizer's update, on a full batch.</param>
/// <param name="SecondsPerTestBatch">One evaluation batch (forward in evaluation mode and the loss).</param>
public sealed record SweepCostMeasurement(string Model, string Dataset, int BatchSize, int Threads, string Optimizer, double SecondsPerTrainStep, double SecondsPerTestBatch)
{
    /// <summary>The measurement as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["model"] = Model,
        ["dataset"] = Dataset,
        ["batch_size"] = BatchSize,
        ["threads"] = Threads,
        ["optimizer"] = Optimizer,
        ["seconds_per_train_step"] = SecondsPerTrainStep,
        ["seconds_per_test_batch"] = SecondsPerTestBatch,
    };
}
