using NotebookKit.Schedules;

namespace NotebookKit.Plotting;

public static partial class Charts
{
    /// <summary>The most points sampled per schedule; longer runs are sampled with a stride.</summary>
    internal const int MaxSchedulePoints = 5000;

    /// <summary>One schedule (and its optional momentum) against optimizer steps or epochs.</summary>
    /// <param name="learningRate">The learning-rate schedule, sampled with <see cref="ISchedule.ValueAt"/>.</param>
    /// <param name="steps">How many optimizer steps to show (steps 0 .. steps − 1).</param>
    /// <param name="name">Legend label; the schedule's <c>ToString()</c> by default.</param>
    /// <param name="momentum">The momentum (or beta1) schedule, on a second y axis; null for none.</param>
    /// <param name="stepsPerEpoch">When positive, x is in epochs (step / stepsPerEpoch) instead of steps.</param>
    /// <param name="logY">Log learning-rate axis.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="marks">Vertical lines (milestones) in x units.</param>
    public static Figure Schedule(
        ISchedule learningRate,
        long steps,
        string? name = null,
        ISchedule? momentum = null,
        int stepsPerEpoch = 0,
        bool logY = false,
        string? title = null,
        IEnumerable<VerticalMark>? marks = null)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        return Schedules([new ScheduleSeries(name ?? learningRate.ToString() ?? "schedule", learningRate, momentum)], steps, stepsPerEpoch, logY, title, marks);
    }

    /// <summary>Several schedules on one chart, each with its optional momentum on a second y axis (dashed, same colour).</summary>
    /// <param name="schedules">The schedules.</param>
    /// <param name="steps">How many optimizer steps to show (steps 0 .. steps − 1).</param>
    /// <param name="stepsPerEpoch">When positive, x is in epochs (step / stepsPerEpoch) instead of steps.</param>
    /// <param name="logY">Log learning-rate axis.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="marks">Vertical lines (milestones) in x units.</param>
    /// <remarks>Lines use the <c>hv</c> shape: the value set at step t holds for the whole update t, so step decays
    /// draw as steps, and one extra point at x = steps closes the last update. Runs longer than 5000 steps are sampled
    /// every ⌈steps/5000⌉ steps.</remarks>
    public static Figure Schedules(
        IEnumerable<ScheduleSeries> schedules,
        long steps,
        int stepsPerEpoch = 0,
        bool logY = false,
        string? title = null,
        IEnumerable<VerticalMark>? marks = null)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(stepsPerEpoch);
        List<ScheduleSeries> list = [.. schedules];
        if (list.Count == 0 || list.Any(s => s?.LearningRate is null || s.Name is null))
        {
            throw new ArgumentException("Give at least one schedule, each with a name and a learning-rate schedule.", nameof(schedules));
        }

        long stride = (steps + MaxSchedulePoints - 1) / MaxSchedulePoints;
        long[] sampled = [.. Samples(steps, stride)];
        double[] x = [.. sampled.Select(s => stepsPerEpoch > 0 ? (double)s / stepsPerEpoch : s)];
        bool anyMomentum = list.Any(s => s.Momentum is not null);
        var traces = new List<Trace>();
        for (int i = 0; i < list.Count; i++)
        {
            ScheduleSeries s = list[i];
            string color = Palette[i % Palette.Length];
            traces.Add(new ScatterTrace
            {
                Name = s.Name,
                LegendGroup = s.Name,
                X = x,
                Y = Sample(s.LearningRate, sampled, steps),
                Line = new LineStyle { Color = color, Shape = LineShape.HorizontalThenVertical },
            });
            if (s.Momentum is not null)
            {
                traces.Add(new ScatterTrace
                {
                    Name = $"{s.Name} (momentum)",
                    LegendGroup = s.Name,
                    X = x,
                    Y = Sample(s.Momentum, sampled, steps),
                    YAxis = "y2",
                    Line = new LineStyle { Color = color, Shape = LineShape.HorizontalThenVertical, Dash = LineDash.Dash },
                });
            }
        }

        var layout = new Layout
        {
            Title = title ?? (list.Count == 1 ? "Learning-rate schedule" : "Learning-rate schedules"),
            XAxis = new Axis { Title = stepsPerEpoch > 0 ? "epoch" : "optimizer step", RangeMode = "tozero" },
            YAxis = new Axis { Title = "learning rate", Type = logY ? AxisType.Log : null, ExponentFormat = "power" },
            HoverMode = HoverMode.XUnified,
            ShowLegend = list.Count > 1 || anyMomentum,
        };
        if (logY && PositiveRange(traces.OfType<ScatterTrace>().Where(t => t.YAxis is null).SelectMany(t => t.Y?.Numbers ?? [])) is (double low, double high))
        {
            layout = layout with { YAxis = layout.YAxis!.LogTicks(low, high) };
        }

        if (anyMomentum)
        {
            // tickmode "auto": plotly.js 4 syncs overlaying axes' ticks to the primary one, giving values like 0.9299.
            layout = layout.WithAxis("yaxis2", new Axis { Title = "momentum", Overlaying = "y", Side = "right", ShowGrid = false, TickMode = "auto" });
        }

        var figure = new Figure { Data = traces, Layout = layout };
        foreach (VerticalMark mark in marks ?? [])
        {
            figure = figure.WithVerticalLine(mark.X, mark.Label);
        }

        return ChartLayout.Arrange(figure);
    }

    private static IEnumerable<long> Samples(long steps, long stride)
    {
        for (long s = 0; s < steps; s += stride)
        {
            yield return s;
        }

        yield return steps; // closes the last update under the hv line shape
    }

    private static double[] Sample(ISchedule schedule, long[] sampled, long steps)
    {
        var values = new double[sampled.Length];
        for (int i = 0; i < sampled.Length; i++)
        {
            // The closing point repeats the last update's value rather than showing step `steps` itself.
            long step = Math.Min(sampled[i], steps - 1);
            values[i] = schedule.ValueAt(step);
        }

        return values;
    }
}
