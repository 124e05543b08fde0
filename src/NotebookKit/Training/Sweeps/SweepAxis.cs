using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>One axis of a sweep's grid: a config key path and the values it takes (PyTorch/Keras names inside the config).</summary>
/// <param name="KeyPath">The config key path, e.g. <c>optimizer.lr</c>.</param>
/// <param name="Values">The values, in the order the sweep file lists them.</param>
public sealed record SweepAxis(string KeyPath, IReadOnlyList<JsonNode?> Values)
{
    /// <summary>The override that puts value <paramref name="index"/> of this axis into a point.</summary>
    public SweepOverride At(int index) =>
        new(KeyPath, Values[index]?.DeepClone(), $"{Specs.SpecPath.Item(Specs.SpecPath.Key("grid", KeyPath), index)}");
}
