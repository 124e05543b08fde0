using NotebookKit.Nn;

namespace NotebookKit.Plotting;

public static partial class Charts
{
    /// <summary>The most samples sent per histogram; larger tensors are thinned with a fixed stride (deterministic).</summary>
    internal const int MaxHistogramSamples = 20_000;

    /// <summary>Weight norms (e.g. the L2 norm of each layer's weights) over epochs or steps: the weight-decay notebook's view.</summary>
    /// <param name="x">Epochs or steps.</param>
    /// <param name="norms">One series per layer or per optimizer.</param>
    /// <param name="xTitle">x axis title.</param>
    /// <param name="logY">Log y axis.</param>
    /// <param name="title">Chart title.</param>
    public static Figure WeightNorms(
        IReadOnlyList<double> x,
        IEnumerable<Series> norms,
        string xTitle = "epoch",
        bool logY = false,
        string? title = null) =>
        Lines(x, norms, title ?? "Weight norms", xTitle, "‖w‖₂", logY);

    /// <summary>Overlaid histograms of weight values (probability density, so tensors of different sizes compare).</summary>
    /// <param name="weights">One series of samples per tensor or per optimizer.</param>
    /// <param name="bins">Maximum bins per histogram (plotly.js <c>nbinsx</c>).</param>
    /// <param name="title">Chart title.</param>
    public static Figure WeightHistograms(IEnumerable<Series> weights, int bins = 60, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        List<Series> list = [.. weights];
        if (list.Count == 0 || list.Any(s => s?.Values is null || s.Name is null))
        {
            throw new ArgumentException("Give at least one series, each with a name and values.", nameof(weights));
        }

        Trace[] traces = [.. list.Select(s => (Trace)new HistogramTrace
        {
            Name = s.Name,
            X = PlotArray.Of(Thin(s.Values)),
            NBinsX = bins,
            HistNorm = HistogramNorm.ProbabilityDensity,
            Opacity = list.Count > 1 ? 0.6 : null,
        })];
        return ChartLayout.Arrange(new Figure(traces) with
        {
            Layout = new Layout
            {
                Title = title ?? "Weight distribution",
                XAxis = new Axis { Title = "weight value" },
                YAxis = new Axis { Title = "density" },
                BarMode = BarMode.Overlay,
                ShowLegend = list.Count > 1,
            },
        });
    }

    /// <summary>Overlaid histograms of the values of <paramref name="parameters"/> (e.g. a model's weights).</summary>
    public static Figure WeightHistograms(IEnumerable<Parameter> parameters, int bins = 60, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return WeightHistograms(
            parameters.Select(p => new Series(p.Name, Array.ConvertAll(p.Value, v => (double)v))), bins, title);
    }

    private static IEnumerable<double> Thin(IReadOnlyList<double> values)
    {
        int stride = (values.Count + MaxHistogramSamples - 1) / MaxHistogramSamples;
        for (int i = 0; i < values.Count; i += Math.Max(1, stride))
        {
            yield return values[i];
        }
    }
}
