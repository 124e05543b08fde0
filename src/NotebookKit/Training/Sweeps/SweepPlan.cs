using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Training.Sweeps;

/// <summary>A sweep expanded into its points, every point's config validated, every id unique.</summary>
public sealed class SweepPlan
{
    /// <summary>The most points one sweep may have; more is almost always a typo in the grid.</summary>
    public const int MaxPoints = 100_000;

    private readonly Dictionary<string, SweepPoint> byId;

    private SweepPlan(SweepSpec spec, IReadOnlyList<SweepPoint> points)
    {
        Spec = spec;
        Points = points;
        byId = points.ToDictionary(p => p.Id, StringComparer.Ordinal);
        KeyPaths = [.. points.SelectMany(p => p.Overrides.Select(o => o.KeyPath)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The sweep.</summary>
    public SweepSpec Spec { get; }

    /// <summary>Every point, in plan order: each explicit point (or the base alone) crossed with the grid, last axis fastest.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>Every key path some point overrides, in order of first appearance.</summary>
    public IReadOnlyList<string> KeyPaths { get; }

    /// <summary>The point with <paramref name="id"/>, or null.</summary>
    public SweepPoint? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>The points <paramref name="shard"/> runs, in plan order.</summary>
    public IReadOnlyList<SweepPoint> PointsOf(SweepShard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return [.. Points.Where(p => shard.Owns(p.Index))];
    }

    /// <summary>
    /// Expands <paramref name="spec"/> and validates each point as a <see cref="TrainingConfig"/> (optimizer and
    /// scheduler specs included), so a bad value fails before any training starts.
    /// </summary>
    /// <exception cref="SpecException">
    /// A point's config breaks a rule. The key path says where the bad value came from: <c>grid.optimizer.lr[2]</c>,
    /// <c>points[1].scheduler.gamma</c>, or <c>base.epochs</c>; the message names the point's overrides.
    /// </exception>
    public static SweepPlan Create(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        IReadOnlyList<IReadOnlyList<SweepOverride>> explicitPoints = spec.Points ?? [[]];
        long count = explicitPoints.Count;
        foreach (var axis in spec.Grid)
        {
            count *= axis.Values.Count;
            if (count > MaxPoints)
            {
                throw new SpecException("grid", $"gives more than {MaxPoints:N0} points; split the sweep into several files");
            }
        }

        var points = new List<SweepPoint>();
        var seen = new Dictionary<string, SweepPoint>(StringComparer.Ordinal);
        foreach (var explicitPoint in explicitPoints)
        {
            foreach (var combination in Combinations(spec.Grid))
            {
                IReadOnlyList<SweepOverride> overrides = [.. explicitPoint, .. combination];
                var config = Validate(spec.Base, overrides);
                string id = SweepPointId.For(config, overrides);
                var point = new SweepPoint(points.Count, id, overrides, config);
                if (seen.TryGetValue(id, out var twin))
                {
                    throw new SpecException(overrides.Count > 0 ? overrides[^1].Source : "base", $"point ({point.Label}) is the same experiment as point {twin.Index} ({twin.Label}), id {id}; drop one of them");
                }

                seen.Add(id, point);
                points.Add(point);
            }
        }

        return new SweepPlan(spec, points);
    }

    /// <summary>
    /// The plan as the shards record it in their output folder (<c>sweep-plan.json</c>): the sweep itself, and each
    /// point's index, id and overrides (so a reader can check that every folder of a merge ran the same sweep).
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Spec.Name,
        ["points"] = new JsonArray([.. Points.Select(p => (JsonNode)new JsonObject
        {
            ["index"] = p.Index,
            ["id"] = p.Id,
            ["overrides"] = p.OverridesJson(),
        })]),
        ["sweep"] = Spec.ToJson(),
    };

    /// <summary>Reads a plan written by <see cref="ToJson"/>: re-plans its sweep and checks the ids match.</summary>
    /// <param name="json">The plan object.</param>
    /// <param name="source">The file it came from, for messages.</param>
    /// <exception cref="SpecException">The plan is damaged, or its sweep no longer gives the same points (written by another version).</exception>
    public static SweepPlan FromJson(JsonObject json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        var r = new SpecReader(json, "");
        var sweep = r.Object("sweep", "{\"base\": {...}, \"grid\": {...}}");
        var points = r.List("points", "a list of {\"index\", \"id\", \"overrides\"} objects");
        r.Accept("name");
        r.RejectUnknown("a key of a sweep plan");
        SweepPlan plan;
        try
        {
            plan = Create(SweepSpec.Parse(sweep.Json, "sweep"));
        }
        catch (SpecException e)
        {
            throw new SpecException(source, $"its sweep is no longer valid ({e.Message})", e);
        }

        string[] ids = [.. points.Select((p, i) => r.Item("points", points, i, "{\"index\": 0, \"id\": \"...\"}").String("id"))];
        if (!ids.SequenceEqual(plan.Points.Select(p => p.Id), StringComparer.Ordinal))
        {
            throw new SpecException(source, "lists point ids that its sweep no longer gives (written by another version of nbkit?); rerun the sweep into a new folder");
        }

        return plan;
    }

    private static IEnumerable<SweepOverride[]> Combinations(IReadOnlyList<SweepAxis> axes)
    {
        var index = new int[axes.Count];
        while (true)
        {
            yield return [.. axes.Select((a, k) => a.At(index[k]))];
            int axis = axes.Count - 1;
            while (axis >= 0 && ++index[axis] == axes[axis].Values.Count)
            {
                index[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>Writes the overrides into a copy of the base and validates it, naming the sweep file's key path on error.</summary>
    private static TrainingConfig Validate(JsonObject baseConfig, IReadOnlyList<SweepOverride> overrides)
    {
        var json = (JsonObject)baseConfig.DeepClone();
        foreach (var o in overrides)
        {
            Apply(json, o);
        }

        try
        {
            return TrainingConfig.Parse(json);
        }
        catch (SpecException e)
        {
            string label = overrides.Count == 0 ? "the base config" : string.Join(", ", overrides.Select(o => o.ToString()));
            throw new SpecException(SourceOf(e.KeyPath, overrides), $"{e.Rule} (point {label})", e);
        }
    }

    private static void Apply(JsonObject config, SweepOverride o)
    {
        string[] keys = o.KeyPath.Split('.');
        JsonObject target = config;
        for (int i = 0; i < keys.Length - 1; i++)
        {
            if (target[keys[i]] is not JsonObject inner)
            {
                string where = string.Join('.', keys[..(i + 1)]);
                throw new SpecException(o.Source, $"cannot set \"{o.KeyPath}\": the config has no object at \"{where}\" (it is {SpecReader.Show(target[keys[i]])}); give base.{where} as an object first");
            }

            target = inner;
        }

        target[keys[^1]] = o.Value?.DeepClone();
    }

    /// <summary>
    /// Where in the sweep file a config error at <paramref name="configPath"/> comes from: the override whose key path
    /// holds it (the longest), with the rest of the path after it; otherwise the base.
    /// </summary>
    private static string SourceOf(string configPath, IReadOnlyList<SweepOverride> overrides)
    {
        SweepOverride? owner = null;
        foreach (var o in overrides)
        {
            bool holds = configPath == o.KeyPath
                || configPath.StartsWith(o.KeyPath + ".", StringComparison.Ordinal)
                || configPath.StartsWith(o.KeyPath + "[", StringComparison.Ordinal);
            if (holds && (owner is null || o.KeyPath.Length > owner.KeyPath.Length))
            {
                owner = o;
            }
        }

        return owner is null
            ? (configPath.Length == 0 ? "base" : SpecPath.Key("base", configPath))
            : owner.Source + configPath[owner.KeyPath.Length..];
    }
}
