using System.Text.Json.Nodes;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Training.Doubles;

/// <summary>ReduceLROnPlateau with patience 0 (halve on every non-improving metric) that records the metrics it sees.</summary>
public sealed class PlateauDouble(IOptimizer optimizer) : IMetricScheduler
{
    private double best = double.PositiveInfinity;

    public List<double> Metrics { get; } = [];

    public IReadOnlyList<double> LastLearningRates => [optimizer.Groups[0].LearningRate];

    public void Step(double metric)
    {
        Metrics.Add(metric);
        if (metric < best)
        {
            best = metric;
        }
        else
        {
            optimizer.Groups[0].LearningRate *= 0.5;
        }
    }

    public JsonObject SaveState() => new() { ["best"] = best };

    public void LoadState(JsonObject state) => best = state["best"]!.GetValue<double>();
}
