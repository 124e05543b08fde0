using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Training.Sweeps;

/// <summary>
/// A sweep file (<c>nbkit sweep SWEEP.json</c>): a base <c>nbkit train</c> config and the values to vary in it.
/// </summary>
/// <remarks>
/// <code>
/// {"name": "lr-wd",
///  "base": {"dataset": "fashion-mnist", "model": "mlp", "optimizer": {"type": "AdamW", "lr": 0.001}, "epochs": 5},
///  "grid": {"optimizer.lr": [0.001, 0.003], "optimizer.weight_decay": [0, 0.05], "seed": [0, 1, 2]},
///  "points": [{"scheduler": null}, {"scheduler": {"type": "StepLR", "step_size": 2, "gamma": 0.5}}]}
/// </code>
/// <para><c>grid</c> maps config key paths to lists of values and is crossed (every combination, the last axis
/// varying fastest, as <c>itertools.product</c>); <c>points</c> is an explicit list of overrides. With both, every
/// explicit point is crossed with the grid; with one, it alone gives the points. Each point is the base with its
/// overrides written in (the explicit point's first, then the grid's), and must be a valid config. <c>name</c> defaults
/// to the file name. Errors are <see cref="SpecException"/>s naming the key path in the sweep file
/// (<c>grid.optimizer.lr[1]</c>, <c>points[0].seed</c>, <c>base.epochs</c>).</para>
/// </remarks>
public sealed record SweepSpec
{
    /// <summary>The keys a sweep file may hold.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["name", "base", "grid", "points"];

    private const string BaseExample = "{\"dataset\": \"fashion-mnist\", \"model\": \"mlp\", \"optimizer\": {\"type\": \"SGD\", \"lr\": 0.1}}";
    private const string PointExample = "{\"optimizer.lr\": 0.1, \"seed\": 0}";

    /// <summary>The sweep's name (report titles); the file name without extension when the file gives none.</summary>
    public string Name { get; init; } = "sweep";

    /// <summary>The base config every point starts from (the <c>nbkit train</c> config keys).</summary>
    public JsonObject Base { get; init; } = [];

    /// <summary>The grid's axes, in file order; empty when the sweep has no grid.</summary>
    public IReadOnlyList<SweepAxis> Grid { get; init; } = [];

    /// <summary>The explicit points (each a list of overrides); null when the sweep has no <c>points</c> list.</summary>
    public IReadOnlyList<IReadOnlyList<SweepOverride>>? Points { get; init; }

    /// <summary>Reads and validates a sweep file (not yet its points' configs: <see cref="SweepPlan.Create"/> checks those).</summary>
    /// <exception cref="SpecException">The file is not JSON, or a key is unknown, repeated or breaks a rule; the message names the key path.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SweepSpec Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        JsonNode? node = SpecJson.Load(path);
        return node is JsonObject json
            ? Parse(json, Path.GetFileNameWithoutExtension(path))
            : throw new SpecException(path, $"a sweep file is a JSON object such as {{\"base\": {BaseExample}, \"grid\": {{\"optimizer.lr\": [0.01, 0.1]}}}}");
    }

    /// <summary>Validates a sweep object.</summary>
    /// <param name="json">The sweep.</param>
    /// <param name="defaultName">The name to use when the sweep has no <c>name</c>.</param>
    /// <exception cref="SpecException">A key is unknown, repeated or breaks a rule; the message names the key path.</exception>
    public static SweepSpec Parse(JsonObject json, string defaultName = "sweep")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(defaultName);
        var r = new SpecReader(json, "");
        string name = r.String("name", defaultName);
        var baseConfig = r.Object("base", BaseExample);
        var grid = r.OptionalObject("grid", "{\"optimizer.lr\": [0.01, 0.1], \"seed\": [0, 1, 2]}");
        JsonArray? pointList = r.Has("points") ? r.List("points", $"a list of override objects such as [{PointExample}]") : null;
        r.RejectUnknown("a sweep key", Keys);
        if (name.Length == 0 || name.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            throw r.Error("name", $"must be a non-empty name without slashes, got \"{name}\"");
        }

        if (grid is null && pointList is null)
        {
            throw r.Error("a sweep needs \"grid\" (axes whose values are crossed), \"points\" (a list of overrides), or both");
        }

        var axes = grid is null ? [] : ReadGrid(grid);
        var points = pointList is null ? null : ReadPoints(r, pointList, axes);
        return new SweepSpec
        {
            Name = name,
            Base = (JsonObject)baseConfig.Json.DeepClone(),
            Grid = axes,
            Points = points,
        };
    }

    /// <summary>Expands the sweep into its points and validates every point's config (see <see cref="SweepPlan.Create"/>).</summary>
    public SweepPlan Plan() => SweepPlan.Create(this);

    /// <summary>The sweep as a sweep file.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["name"] = Name, ["base"] = Base.DeepClone() };
        if (Grid.Count > 0)
        {
            var grid = new JsonObject();
            foreach (var axis in Grid)
            {
                grid[axis.KeyPath] = new JsonArray([.. axis.Values.Select(v => v?.DeepClone())]);
            }

            json["grid"] = grid;
        }

        if (Points is not null)
        {
            json["points"] = new JsonArray([.. Points.Select(p =>
            {
                var point = new JsonObject();
                foreach (var o in p)
                {
                    point[o.KeyPath] = o.Value?.DeepClone();
                }

                return (JsonNode)point;
            })]);
        }

        return json;
    }

    private static List<SweepAxis> ReadGrid(SpecReader grid)
    {
        var axes = new List<SweepAxis>();
        foreach (string key in grid.Keys)
        {
            CheckKeyPath(key, grid.PathOf(key));
            var list = grid.List(key, "a list of values such as [0.01, 0.1]");
            if (list.Count == 0)
            {
                throw grid.Error(key, "must list at least one value");
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < list.Count; i++)
            {
                string text = CanonicalJson.Write(list[i]);
                if (!seen.TryAdd(text, i))
                {
                    throw new SpecException(SpecPath.Item(grid.PathOf(key), i), $"repeats item {seen[text]} ({text}); each value once, or the two points would be the same experiment");
                }
            }

            foreach (var other in axes)
            {
                if (IsPrefix(other.KeyPath, key) || IsPrefix(key, other.KeyPath))
                {
                    throw grid.Error(key, $"overlaps the axis \"{other.KeyPath}\"; one axis would overwrite the other");
                }
            }

            axes.Add(new SweepAxis(key, [.. list.Select(v => v?.DeepClone())]));
        }

        return axes;
    }

    private static List<IReadOnlyList<SweepOverride>> ReadPoints(SpecReader sweep, JsonArray list, IReadOnlyList<SweepAxis> axes)
    {
        if (list.Count == 0)
        {
            throw sweep.Error("points", $"must list at least one point such as {PointExample}");
        }

        var points = new List<IReadOnlyList<SweepOverride>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < list.Count; i++)
        {
            var point = sweep.Item("points", list, i, PointExample);
            var overrides = new List<SweepOverride>();
            foreach (string key in point.Keys)
            {
                CheckKeyPath(key, point.PathOf(key));
                if (axes.FirstOrDefault(a => a.KeyPath == key || IsPrefix(a.KeyPath, key)) is { } axis)
                {
                    throw point.Error(key, $"is also set by the grid axis \"{axis.KeyPath}\", which would overwrite it; set it in one place");
                }

                overrides.Add(new SweepOverride(key, point.Raw(key)?.DeepClone(), point.PathOf(key)));
            }

            string text = CanonicalJson.Write(point.Json);
            if (!seen.TryAdd(text, i))
            {
                throw point.Error($"repeats points[{seen[text]}]; each point once, or the two would be the same experiment");
            }

            points.Add(overrides);
        }

        return points;
    }

    /// <summary>A key path names a config key, then keys inside it, joined by dots.</summary>
    private static void CheckKeyPath(string keyPath, string where)
    {
        string[] keys = keyPath.Split('.');
        if (keys.Any(k => k.Length == 0))
        {
            throw new SpecException(where, "is not a key path; write config keys joined by dots, such as \"optimizer.lr\"");
        }

        if (!TrainingConfig.Keys.Contains(keys[0]))
        {
            throw new SpecException(where, $"\"{keys[0]}\" is not a config key; accepted: {string.Join(", ", TrainingConfig.Keys.Order(StringComparer.Ordinal))}");
        }
    }

    private static bool IsPrefix(string prefix, string keyPath) => keyPath.StartsWith(prefix + ".", StringComparison.Ordinal);
}
