using System.Text.Json.Nodes;
using NotebookKit.Training.RangeTest;
using NotebookKit.Tests.Training.Doubles;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class PlotTests
{
    private static IEnumerable<double> Numbers(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<double>());

    [Fact]
    public void History_plots_carry_the_recorded_values()
    {
        var f = new TrainerFixture(new TrainerOptions(Epochs: 3));
        var history = f.Trainer.Fit();
        var figure = JsonNode.Parse(history.Plot().ToPlotlyJson())!;
        var traces = figure["data"]!.AsArray();
        Assert.Contains(traces, t => Numbers(t!["y"]).SequenceEqual(history.Epochs.Select(e => e.TrainLoss)));
        Assert.Contains(traces, t => Numbers(t!["y"]).SequenceEqual(history.Epochs.Select(e => e.TestAccuracy!.Value)));
        var norms = JsonNode.Parse(history.PlotWeightNorms().ToPlotlyJson())!["data"]!.AsArray();
        Assert.Equal(3, norms.Count); // total, fc.weight, fc.bias
        Assert.Equal(history.Epochs.Select(e => e.WeightNorm), Numbers(norms[0]!["y"]));
        Assert.Equal(history.Batches.Select(b => b.Loss), Numbers(JsonNode.Parse(history.PlotBatches().ToPlotlyJson())!["data"]![0]!["y"]));
    }

    [Fact]
    public void An_empty_history_cannot_be_plotted()
    {
        var f = new TrainerFixture();
        Assert.Contains("no epochs yet", Assert.Throws<InvalidOperationException>(() => f.Trainer.History.Plot()).Message);
    }

    [Fact]
    public void Confusion_matrix_plot_is_a_heatmap_of_the_counts()
    {
        var m = ConfusionMatrix.From([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], ["a", "b", "c"]);
        var trace = JsonNode.Parse(m.Plot().ToPlotlyJson())!["data"]![0]!;
        Assert.Equal("heatmap", trace["type"]!.GetValue<string>());
        var z = trace["z"]!.AsArray().Select(row => Numbers(row).ToArray()).ToArray();
        Assert.Equal([0.0, 1, 2], z[2]);
    }

    [Fact]
    public void Range_test_plot_marks_the_suggestions()
    {
        double[] lrs = Enumerable.Range(0, 30).Select(i => Math.Pow(10, (i / 5.0) - 5)).ToArray();
        double[] losses = lrs.Select((lr, i) => 2 - (0.05 * i) + (i > 24 ? (i - 24) * 0.5 : 0)).ToArray();
        var result = new RangeTestResult(lrs, losses, losses, 30, false, RangeTestAnalysis.Suggest(lrs, losses, 30));
        string json = result.Plot().ToPlotlyJson();
        Assert.Contains("valley", json);
        Assert.Contains("minimum/10", json);
        Assert.Contains("\"log\"", json);
    }
}
