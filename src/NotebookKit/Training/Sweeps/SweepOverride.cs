using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>One value a sweep writes into the base config of a point, at a config key path.</summary>
/// <param name="KeyPath">
/// Where the value goes in the <c>nbkit train</c> config: keys joined by dots (<c>optimizer.lr</c>, <c>seed</c>,
/// <c>scheduler.gamma</c>). Every key but the last must name an object that the config already has.
/// </param>
/// <param name="Value">The value (any JSON, <c>null</c> included: a whole <c>scheduler</c> object may be swept too).</param>
/// <param name="Source">Where the value was written in the sweep file, for messages: <c>grid.optimizer.lr[1]</c> or <c>points[2].seed</c>.</param>
public sealed record SweepOverride(string KeyPath, JsonNode? Value, string Source)
{
    /// <summary>The last key of <see cref="KeyPath"/> (<c>lr</c> for <c>optimizer.lr</c>), as point ids and tables show it.</summary>
    public string Name => KeyPath[(KeyPath.LastIndexOf('.') + 1)..];

    /// <summary>The value as text: a string as it is, anything else as JSON with numbers in shortest round-trip form (<c>0.001</c>, <c>5e-05</c>).</summary>
    public string ValueText => CanonicalJson.Text(Value);

    /// <inheritdoc/>
    public override string ToString() => $"{KeyPath}={ValueText}";
}
