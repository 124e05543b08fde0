using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>One setting of a sweep (its overrides except <c>seed</c>) and its metrics over the seeds that finished.</summary>
/// <param name="Setting">The overrides that define the setting (no <c>seed</c>).</param>
/// <param name="PointIds">The setting's points, one per seed, in plan order.</param>
/// <param name="TestAccuracy">Final test accuracy over the finished points.</param>
/// <param name="TestLoss">Final test loss over the finished points.</param>
/// <param name="TrainLoss">Last epoch's training loss over the finished points.</param>
public sealed record SweepSummaryRow(
    IReadOnlyList<SweepOverride> Setting,
    IReadOnlyList<string> PointIds,
    SweepStatistic TestAccuracy,
    SweepStatistic TestLoss,
    SweepStatistic TrainLoss)
{
    /// <summary>The value of <paramref name="keyPath"/> in this setting, or null when the setting does not override it.</summary>
    public SweepOverride? ValueOf(string keyPath) => Setting.FirstOrDefault(o => o.KeyPath == keyPath);

    /// <summary>The row as <c>sweep.json</c>'s <c>summary</c> lists it.</summary>
    public JsonObject ToJson()
    {
        var setting = new JsonObject();
        foreach (var o in Setting)
        {
            setting[o.KeyPath] = o.Value?.DeepClone();
        }

        return new JsonObject
        {
            ["setting"] = setting,
            ["points"] = new JsonArray([.. PointIds.Select(id => (JsonNode)id)]),
            ["test_accuracy"] = TestAccuracy.ToJson(),
            ["test_loss"] = TestLoss.ToJson(),
            ["train_loss"] = TrainLoss.ToJson(),
        };
    }
}
