using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

public sealed class WeightDecayHeatmapTests
{
    [Fact]
    public void A_given_colour_range_is_shared_instead_of_the_grids_own()
    {
        Figure own = Charts.LearningRateWeightDecayHeatmap([1e-3, 1e-2], [0, 0.1], [[0.7, 0.8], [0.75, 0.9]]);
        Figure shared = Charts.LearningRateWeightDecayHeatmap([1e-3, 1e-2], [0, 0.1], [[0.7, 0.8], [0.75, 0.9]], colorRange: (0.1, 0.95));

        var ownTrace = (HeatmapTrace)own.Data[0];
        var sharedTrace = (HeatmapTrace)shared.Data[0];
        Assert.Equal((0.7, 0.9), (ownTrace.ZMin!.Value, ownTrace.ZMax!.Value));
        Assert.Equal((0.1, 0.95), (sharedTrace.ZMin!.Value, sharedTrace.ZMax!.Value));
    }

    [Fact]
    public void Axis_titles_and_labels_name_the_parameterisation()
    {
        Figure figure = Charts.LearningRateWeightDecayHeatmap([3.162e-4, 1e-3], [0, 3.162e-5], [[0.5, 0.6], [0.55, double.NaN]],
            weightDecayTitle: "λ (paper)", learningRateTitle: "α");

        Assert.Equal("λ (paper)", figure.Layout!.YAxis!.Title!.Text);
        Assert.Equal("α", figure.Layout.XAxis!.Title!.Text);
        var trace = (HeatmapTrace)figure.Data[0];
        Assert.Equal(["0", "3.16e-5"], trace.Y!.Labels);
        Assert.Equal(["0.000316", "0.001"], trace.X!.Labels);
    }

    [Fact]
    public void A_colour_range_must_be_increasing_and_finite()
    {
        var e = Assert.Throws<ArgumentException>(() => Charts.LearningRateWeightDecayHeatmap([0.1], [0], [[1]], colorRange: (0.9, 0.1)));

        Assert.Contains("colorRange", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Charts.LearningRateWeightDecayHeatmap([0.1], [0], [[1]], colorRange: (0, double.NaN)));
    }
}
