using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>The work of one point and, when measured, its estimated seconds.</summary>
/// <param name="Id">The point's id.</param>
/// <param name="Epochs">Epochs it trains.</param>
/// <param name="TrainImages">Training images per epoch (after <c>train_limit</c>).</param>
/// <param name="TestImages">Test images evaluated after each epoch (after <c>test_limit</c>).</param>
/// <param name="Steps">Optimizer steps in all (epochs × batches per epoch).</param>
/// <param name="Seconds">Estimated seconds of training and evaluation on the measuring machine; null when not measured.</param>
public sealed record SweepPointCost(string Id, int Epochs, int TrainImages, int TestImages, long Steps, double? Seconds)
{
    /// <summary>The cost as JSON (<c>seconds</c> null when not measured).</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["epochs"] = Epochs,
        ["train_images"] = TrainImages,
        ["test_images"] = TestImages,
        ["steps"] = Steps,
        ["seconds"] = Seconds,
    };
}
