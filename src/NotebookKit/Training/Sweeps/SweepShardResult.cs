using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>What one run of a shard did (the JSON line <c>nbkit sweep</c> prints last).</summary>
/// <param name="Shard">The shard.</param>
/// <param name="Folder">The output folder.</param>
/// <param name="Points">The ids of the shard's points, in plan order.</param>
/// <param name="Ran">Points trained and written in this run.</param>
/// <param name="Skipped">Points already finished (or failed) in the folder, not run again.</param>
/// <param name="Failed">Points whose experiment failed, in this run or recorded earlier, with their error.</param>
/// <param name="Busy">Points another process was running (their lock was held).</param>
/// <param name="Cancelled">The run was cancelled before it went through every point.</param>
public sealed record SweepShardResult(
    SweepShard Shard,
    string Folder,
    IReadOnlyList<string> Points,
    IReadOnlyList<string> Ran,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<SweepPointFailure> Failed,
    IReadOnlyList<string> Busy,
    bool Cancelled)
{
    /// <summary>Every point of the shard is finished (none failed, none left to another process or to a later run).</summary>
    public bool Complete => !Cancelled && Failed.Count == 0 && Busy.Count == 0;

    /// <summary>The result as JSON: <c>shard</c>, <c>out</c>, <c>points</c>, <c>ran</c>, <c>skipped</c>, <c>failed</c> (<c>id</c>, <c>error</c>), <c>busy</c>, <c>cancelled</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["shard"] = Shard.ToString(),
        ["out"] = Folder,
        ["points"] = Ids(Points),
        ["ran"] = Ids(Ran),
        ["skipped"] = Ids(Skipped),
        ["failed"] = new JsonArray([.. Failed.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["error"] = f.Error })]),
        ["busy"] = Ids(Busy),
        ["cancelled"] = Cancelled,
    };

    private static JsonArray Ids(IEnumerable<string> ids) => new([.. ids.Select(id => (JsonNode)id)]);
}
