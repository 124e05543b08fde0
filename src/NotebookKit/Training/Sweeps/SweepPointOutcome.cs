using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>One point of a merged sweep: whether it finished, and its numbers or its error.</summary>
/// <param name="Point">The point.</param>
/// <param name="Status">Finished, failed, or missing from every folder.</param>
/// <param name="Folder">The point's folder the numbers came from; null when missing.</param>
/// <param name="TestAccuracy">Final test accuracy; NaN unless finished.</param>
/// <param name="TestLoss">Final test loss; NaN unless finished.</param>
/// <param name="Seconds">Wall-clock seconds of the run (data preparation and training); NaN unless finished.</param>
/// <param name="History">The epochs; empty unless finished.</param>
/// <param name="Error">Why the point failed; null otherwise.</param>
public sealed record SweepPointOutcome(
    SweepPoint Point,
    SweepPointStatus Status,
    string? Folder,
    double TestAccuracy,
    double TestLoss,
    double Seconds,
    IReadOnlyList<SweepEpoch> History,
    string? Error)
{
    /// <summary>The last epoch's training loss; NaN unless finished.</summary>
    public double TrainLoss => History.Count > 0 ? History[^1].TrainLoss : double.NaN;

    /// <summary>The last epoch's training accuracy; NaN unless finished.</summary>
    public double TrainAccuracy => History.Count > 0 ? History[^1].TrainAccuracy : double.NaN;

    /// <summary>The point as <c>sweep.json</c> lists it.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["index"] = Point.Index,
            ["id"] = Point.Id,
            ["overrides"] = Point.OverridesJson(),
            ["status"] = Status.ToString().ToLowerInvariant(),
        };
        if (Folder is not null)
        {
            json["folder"] = Folder;
        }

        if (Status == SweepPointStatus.Finished)
        {
            json["test_accuracy"] = TestAccuracy;
            json["test_loss"] = TestLoss;
            json["train_loss"] = TrainLoss;
            json["train_accuracy"] = TrainAccuracy;
            json["seconds"] = Seconds;
            json["history"] = new JsonArray([.. History.Select(e => (JsonNode)e.ToJson())]);
        }

        if (Error is not null)
        {
            json["error"] = Error;
        }

        return json;
    }
}
