using NotebookKit.Plotting;

namespace NotebookKit.Training.RangeTest;

/// <summary>The chart of a learning-rate range test (<see cref="RangeTestResult.Plot"/> draws it from a result).</summary>
public static class RangeTestChart
{
    /// <summary>
    /// The learning-rate range test (Smith 2017; fastai <c>lr_find</c>): smoothed loss against the learning rate on a
    /// log axis, with each suggestion (steepest slope, minimum / 10, ...) marked by a labelled vertical line.
    /// </summary>
    /// <param name="learningRates">The learning rate at each step (positive, increasing).</param>
    /// <param name="smoothedLosses">The smoothed loss at each step; NaN or infinite after divergence draws as a gap.</param>
    /// <param name="suggestions">Suggested learning rates to mark.</param>
    /// <param name="rawLosses">The unsmoothed losses, drawn faintly behind; null for none.</param>
    /// <param name="title">Chart title.</param>
    /// <remarks>The y range is clipped to the interesting part: from the lowest loss up to halfway again above the
    /// starting loss, so a diverging tail does not squash the curve.</remarks>
    public static Figure Create(
        IReadOnlyList<double> learningRates,
        IReadOnlyList<double> smoothedLosses,
        IEnumerable<VerticalMark>? suggestions = null,
        IReadOnlyList<double>? rawLosses = null,
        string? title = null)
    {
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(smoothedLosses);
        if (learningRates.Count == 0)
        {
            throw new ArgumentException("The range test has no steps.", nameof(learningRates));
        }

        Charts.CheckLength(smoothedLosses, learningRates.Count, nameof(smoothedLosses), nameof(learningRates));
        Charts.CheckLength(rawLosses, learningRates.Count, nameof(rawLosses), nameof(learningRates));
        for (int i = 0; i < learningRates.Count; i++)
        {
            if (!(learningRates[i] > 0) || !double.IsFinite(learningRates[i]))
            {
                throw new ArgumentException($"learningRates[{i}] = {learningRates[i]}: a log axis needs finite positive learning rates.", nameof(learningRates));
            }
        }

        var traces = new List<Trace>();
        if (rawLosses is not null)
        {
            traces.Add(new ScatterTrace { Name = "loss", X = PlotArray.Of(learningRates), Y = PlotArray.Of(rawLosses), Line = new LineStyle { Color = "#b0bfd6", Width = 1 } });
        }

        traces.Add(new ScatterTrace { Name = "smoothed loss", X = PlotArray.Of(learningRates), Y = PlotArray.Of(smoothedLosses), Line = new LineStyle { Color = Charts.Palette[0] } });

        var yAxis = new Axis { Title = "loss" };
        double[] finite = [.. smoothedLosses.Where(double.IsFinite)];
        if (finite.Length > 1)
        {
            double low = finite.Min();
            double first = finite[0];
            double top = first > low ? Math.Min(finite.Max(), first + (0.5 * (first - low))) : finite.Max();
            if (top > low)
            {
                double pad = 0.05 * (top - low);
                yAxis = yAxis with { Range = [low - pad, top + pad] };
            }
        }

        var figure = new Figure { Data = traces };
        figure = figure with
        {
            Layout = new Layout
            {
                Title = title ?? "Learning-rate range test",
                XAxis = new Axis { Title = "learning rate", Type = AxisType.Log, ExponentFormat = "power" },
                YAxis = yAxis,
                HoverMode = HoverMode.Closest,
                ShowLegend = rawLosses is not null,
                Legend = Legend.Below,
            },
        };
        int index = 0;
        foreach (VerticalMark mark in suggestions ?? [])
        {
            ArgumentNullException.ThrowIfNull(mark, nameof(suggestions));
            if (!(mark.X > 0) || !double.IsFinite(mark.X))
            {
                throw new ArgumentException($"Suggestion '{mark.Label}' = {mark.X}: a learning rate must be finite and positive.", nameof(suggestions));
            }

            string color = Charts.Palette[(3 + index++) % Charts.Palette.Length];
            figure = figure.WithVerticalLine(mark.X, $"{mark.Label}: {Charts.Label(mark.X)}", color);
        }

        return figure;
    }
}
