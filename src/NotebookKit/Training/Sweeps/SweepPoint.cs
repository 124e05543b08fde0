using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>One experiment of a sweep: the base config with its overrides written in.</summary>
/// <param name="Index">The point's place in the plan (0-based); shards take points by index.</param>
/// <param name="Id">
/// The point's stable id and folder name: its overrides in key order, then 8 hex digits of the SHA-256 of the whole
/// config (<see cref="SweepPointId"/>). The same config gives the same id on every machine and in every run.
/// </param>
/// <param name="Overrides">What the sweep changed in the base, explicit point first, then the grid's axes in file order.</param>
/// <param name="Config">The validated config the point trains.</param>
public sealed record SweepPoint(int Index, string Id, IReadOnlyList<SweepOverride> Overrides, TrainingConfig Config)
{
    /// <summary>The overrides as <c>key=value</c> pairs (<c>optimizer.lr=0.01, seed=0</c>), or <c>base</c> for none.</summary>
    public string Label => Overrides.Count == 0 ? "base" : string.Join(", ", Overrides.Select(o => o.ToString()));

    /// <summary>The overrides as one object keyed by key path (<c>{"optimizer.lr": 0.01, "seed": 0}</c>).</summary>
    public JsonObject OverridesJson()
    {
        var json = new JsonObject();
        foreach (var o in Overrides)
        {
            json[o.KeyPath] = o.Value?.DeepClone();
        }

        return json;
    }
}
