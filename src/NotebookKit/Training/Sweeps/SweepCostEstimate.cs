using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>
/// What a sweep will cost (<c>nbkit sweep plan</c>): each point's images and steps, and, measured on this machine,
/// its seconds, so a user can choose how many shards (array tasks, Job completions) to ask for.
/// </summary>
/// <remarks>
/// <para>Measuring times a few training steps and evaluation batches of each kind of point (model, image shape, batch
/// size, threads, optimizer) on random images, as <c>nbkit bench train</c> does, and scales them by each point's
/// batches: <c>seconds = epochs × (train_images / batch_size × step + test_images / batch_size × test_batch)</c>.
/// Loading data and writing reports are not counted. Cluster nodes differ from this machine, so read the figure as
/// "this machine's seconds"; the images and steps are exact.</para>
/// </remarks>
public sealed class SweepCostEstimate
{
    internal SweepCostEstimate(SweepPlan plan, IReadOnlyList<SweepPointCost> points, IReadOnlyList<SweepCostMeasurement> measurements)
    {
        Plan = plan;
        Points = points;
        Measurements = measurements;
    }

    /// <summary>The plan.</summary>
    public SweepPlan Plan { get; }

    /// <summary>Each point's cost, in plan order.</summary>
    public IReadOnlyList<SweepPointCost> Points { get; }

    /// <summary>The step times measured (empty when the estimate only counts).</summary>
    public IReadOnlyList<SweepCostMeasurement> Measurements { get; }

    /// <summary>Estimated seconds of the whole sweep in one process; null when not measured.</summary>
    public double? TotalSeconds => Points.All(p => p.Seconds is not null) ? Points.Sum(p => p.Seconds!.Value) : null;

    /// <summary>Optimizer steps of the whole sweep.</summary>
    public long TotalSteps => Points.Sum(p => p.Steps);

    /// <summary>Estimated seconds of each of <paramref name="shards"/> shards (index = shard); null when not measured.</summary>
    public double[]? ShardSeconds(int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        if (TotalSeconds is null)
        {
            return null;
        }

        var seconds = new double[shards];
        for (int i = 0; i < Points.Count; i++)
        {
            seconds[i % shards] += Points[i].Seconds!.Value;
        }

        return seconds;
    }

    /// <summary>
    /// The estimate as JSON: <c>name</c>, <c>points</c> (count), <c>steps</c>, <c>seconds</c> (one process), per point
    /// costs, the measurements, and with <paramref name="shards"/> each shard's points and seconds and the slowest
    /// shard's (<c>wall_seconds</c>: the sweep's wall time when every shard runs at once).
    /// </summary>
    public JsonObject ToJson(int? shards = null)
    {
        var json = new JsonObject
        {
            ["name"] = Plan.Spec.Name,
            ["points"] = Points.Count,
            ["steps"] = TotalSteps,
            ["seconds"] = TotalSeconds,
            ["measured"] = Measurements.Count > 0,
            ["processor_count"] = Environment.ProcessorCount,
        };
        if (shards is { } n)
        {
            double[]? seconds = ShardSeconds(n);
            json["shards"] = n;
            json["shard_points"] = new JsonArray([.. Enumerable.Range(0, n).Select(i => (JsonNode)Plan.PointsOf(new SweepShard(i, n)).Count)]);
            json["shard_seconds"] = seconds is null ? null : new JsonArray([.. seconds.Select(s => (JsonNode)s)]);
            json["wall_seconds"] = seconds?.Max();
        }

        json["measurements"] = new JsonArray([.. Measurements.Select(m => (JsonNode)m.ToJson())]);
        json["point_costs"] = new JsonArray([.. Points.Select(p => (JsonNode)p.ToJson())]);
        return json;
    }
}
