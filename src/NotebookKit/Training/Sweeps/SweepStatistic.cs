using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>Mean and sample standard deviation (n − 1, as <c>numpy.std(ddof=1)</c> and <c>pandas</c>) of one metric over a setting's seeds.</summary>
/// <param name="Count">How many finished runs.</param>
/// <param name="Mean">Their mean; NaN when there are none.</param>
/// <param name="StandardDeviation">Their sample standard deviation; NaN for fewer than two runs.</param>
public sealed record SweepStatistic(int Count, double Mean, double StandardDeviation)
{
    /// <summary>The statistic of <paramref name="values"/>.</summary>
    public static SweepStatistic Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] v = [.. values];
        if (v.Length == 0)
        {
            return new SweepStatistic(0, double.NaN, double.NaN);
        }

        double mean = v.Average();
        double sd = v.Length < 2 ? double.NaN : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new SweepStatistic(v.Length, mean, sd);
    }

    /// <summary><c>{"n": ..., "mean": ..., "sd": ...}</c>, with null for NaN (JSON has no NaN).</summary>
    public JsonObject ToJson() => new()
    {
        ["n"] = Count,
        ["mean"] = double.IsFinite(Mean) ? Mean : null,
        ["sd"] = double.IsFinite(StandardDeviation) ? StandardDeviation : null,
    };
}
