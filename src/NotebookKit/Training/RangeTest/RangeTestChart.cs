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
    /// <remarks>The y range shows every raw and smoothed loss where the choice is made, from the first step up to the
    /// later of the smoothed minimum and the last suggestion; past that point the loss diverges, and its tail may leave
    /// the top of the chart instead of squashing the curve.</remarks>
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

        List<VerticalMark> marks = [.. suggestions ?? []];
        var yAxis = new Axis { Title = "loss" };
        if (DecisionRange(learningRates, smoothedLosses, rawLosses, marks) is { } range)
        {
            yAxis = yAxis with { Range = range };
        }

        var figure = new Figure { Data = traces };
        figure = figure with
        {
            Layout = new Layout
            {
                Title = title ?? "Learning-rate range test",
                XAxis = new Axis { Title = "learning rate", Type = AxisType.Log, ExponentFormat = "power" }
                    .LogTicks(learningRates.Min(), learningRates.Max()),
                YAxis = yAxis,
                HoverMode = HoverMode.Closest,
                ShowLegend = rawLosses is not null,

                // Two short names: beside the plot, so the suggestion labels have the space above it.
                Legend = Legend.Right,
            },
        };
        int index = 0;
        foreach (VerticalMark mark in marks)
        {
            ArgumentNullException.ThrowIfNull(mark, nameof(suggestions));
            if (!(mark.X > 0) || !double.IsFinite(mark.X))
            {
                throw new ArgumentException($"Suggestion '{mark.Label}' = {mark.X}: a learning rate must be finite and positive.", nameof(suggestions));
            }

            string color = Charts.Palette[(3 + index++) % Charts.Palette.Length];
            figure = figure.WithVerticalLine(mark.X, $"{mark.Label}: {Charts.Label(mark.X)}", color);
        }

        // Labels of nearby suggestions are stacked in rows instead of printed over each other.
        return ChartLayout.Arrange(figure);
    }

    /// <summary>
    /// The y range that shows every finite raw and smoothed loss up to the later of the smoothed minimum and the last
    /// suggestion (padded by 5%); null when there is nothing to span.
    /// </summary>
    private static double[]? DecisionRange(IReadOnlyList<double> lrs, IReadOnlyList<double> smoothed, IReadOnlyList<double>? raw, IReadOnlyList<VerticalMark> marks)
    {
        int minimum = -1;
        for (int i = 0; i < smoothed.Count; i++)
        {
            if (double.IsFinite(smoothed[i]) && (minimum < 0 || smoothed[i] < smoothed[minimum]))
            {
                minimum = i;
            }
        }

        if (minimum < 0)
        {
            return null;
        }

        double lastMark = marks.Count == 0 ? 0 : marks.Max(m => m.X);
        int end = minimum;
        while (end + 1 < lrs.Count && lrs[end + 1] <= lastMark)
        {
            end++;
        }

        var shown = new List<double>();
        for (int i = 0; i <= end; i++)
        {
            shown.Add(smoothed[i]);
            if (raw is not null)
            {
                shown.Add(raw[i]);
            }
        }

        // The bottom also covers lower raw losses after the decision point, so no part of the curve is cut from below.
        double[] visible = [.. shown.Where(double.IsFinite)];
        double low = Math.Min(visible.Min(), raw?.Where(double.IsFinite).DefaultIfEmpty(double.PositiveInfinity).Min() ?? double.PositiveInfinity);
        double top = visible.Max();
        if (!(top > low))
        {
            return null;
        }

        double pad = 0.05 * (top - low);
        return [low - pad, top + pad];
    }
}
