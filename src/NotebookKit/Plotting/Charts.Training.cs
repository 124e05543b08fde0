namespace NotebookKit.Plotting;

public static partial class Charts
{
    /// <summary>
    /// Training history per epoch: loss (train and validation), accuracy (train and validation) and the learning rate,
    /// side by side. Lists that are null are left out; every given list has one value per epoch.
    /// </summary>
    /// <param name="trainLoss">Training loss per epoch (epoch 1 first).</param>
    /// <param name="validationLoss">Validation (test) loss per epoch.</param>
    /// <param name="trainAccuracy">Training accuracy per epoch, as a fraction (0..1) or a percentage.</param>
    /// <param name="validationAccuracy">Validation accuracy per epoch.</param>
    /// <param name="learningRate">Learning rate used in each epoch.</param>
    /// <param name="title">Chart title.</param>
    public static Figure TrainingHistory(
        IReadOnlyList<double> trainLoss,
        IReadOnlyList<double>? validationLoss = null,
        IReadOnlyList<double>? trainAccuracy = null,
        IReadOnlyList<double>? validationAccuracy = null,
        IReadOnlyList<double>? learningRate = null,
        string? title = null)
    {
        ArgumentNullException.ThrowIfNull(trainLoss);
        int n = trainLoss.Count;
        if (n == 0)
        {
            throw new ArgumentException("The history is empty: give at least one epoch.", nameof(trainLoss));
        }

        CheckLength(validationLoss, n, nameof(validationLoss), nameof(trainLoss));
        CheckLength(trainAccuracy, n, nameof(trainAccuracy), nameof(trainLoss));
        CheckLength(validationAccuracy, n, nameof(validationAccuracy), nameof(trainLoss));
        CheckLength(learningRate, n, nameof(learningRate), nameof(trainLoss));

        double[] epochs = [.. Enumerable.Range(1, n).Select(e => (double)e)];
        var traces = new List<Trace>();
        // The legend sits above the panels, right-aligned: below them it would cover the middle "epoch" title.
        var layout = new Layout
        {
            Title = title ?? "Training history",
            HoverMode = HoverMode.XUnified,
            ShowLegend = true,
            Legend = new Legend { Orientation = "h", X = 1, XAnchor = "right", Y = 1.02, YAnchor = "bottom" },
        };
        int panel = 0;

        void AddPanel(string yTitle, IReadOnlyList<double>? train, IReadOnlyList<double>? validation, Axis yAxis)
        {
            panel++;
            string suffix = panel == 1 ? "" : panel.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (train is not null)
            {
                traces.Add(PanelLine("train", train, epochs, suffix, Palette[0], LineDash.Solid, panel == 1));
            }

            if (validation is not null)
            {
                traces.Add(PanelLine("validation", validation, epochs, suffix, Palette[1], LineDash.Dash, panel == 1 || (panel == 2 && validationLoss is null)));
            }

            layout = layout
                .WithAxis($"xaxis{suffix}", new Axis { Title = "epoch" })
                .WithAxis($"yaxis{suffix}", yAxis with { Title = yTitle });
        }

        AddPanel("loss", trainLoss, validationLoss, new Axis());
        if (trainAccuracy is not null || validationAccuracy is not null)
        {
            bool fraction = (trainAccuracy ?? []).Concat(validationAccuracy ?? []).Where(double.IsFinite).All(v => v <= 1);
            AddPanel("accuracy", trainAccuracy, validationAccuracy, new Axis { TickFormat = fraction ? ".0%" : null });
        }

        if (learningRate is not null)
        {
            panel++;
            string suffix = panel.ToString(System.Globalization.CultureInfo.InvariantCulture);
            traces.Add(new ScatterTrace
            {
                Name = "learning rate",
                X = epochs,
                Y = PlotArray.Of(learningRate),
                XAxis = $"x{suffix}",
                YAxis = $"y{suffix}",
                Line = new LineStyle { Color = Palette[2], Shape = LineShape.HorizontalThenVertical },
                Mode = ScatterMode.LinesAndMarkers,
            });
            layout = layout
                .WithAxis($"xaxis{suffix}", new Axis { Title = "epoch" })
                .WithAxis($"yaxis{suffix}", new Axis { Title = "learning rate", ExponentFormat = "power" });
        }

        layout = layout with { Grid = new LayoutGrid { Rows = 1, Columns = panel, XGap = 0.25 } };
        return ChartLayout.Arrange(new Figure { Data = traces, Layout = layout });
    }

    private static ScatterTrace PanelLine(string name, IReadOnlyList<double> values, double[] epochs, string suffix, string color, LineDash dash, bool showLegend) => new()
    {
        Name = name,
        LegendGroup = name,
        ShowLegend = showLegend,
        X = epochs,
        Y = PlotArray.Of(values),
        XAxis = $"x{suffix}",
        YAxis = $"y{suffix}",
        Mode = ScatterMode.LinesAndMarkers,
        Line = new LineStyle { Color = color, Dash = dash },
    };

    /// <summary>
    /// A learning rate × weight decay grid of a final metric (e.g. validation accuracy), with the value in each cell.
    /// </summary>
    /// <param name="learningRates">The learning rates (columns).</param>
    /// <param name="weightDecays">The weight decays (rows).</param>
    /// <param name="values"><c>values[i][j]</c> is the metric for <c>weightDecays[i]</c> and <c>learningRates[j]</c>; NaN for a missing run.</param>
    /// <param name="metric">The metric's name (colour bar title).</param>
    /// <param name="title">Chart title.</param>
    /// <param name="colorRange">
    /// The values at the bottom and the top of the colour scale (plotly <c>zmin</c>, <c>zmax</c>). Give several heatmaps
    /// the same range so one colour means one value in all of them; null spans this grid's own finite values.
    /// </param>
    /// <param name="weightDecayTitle">The row axis title, e.g. to say which parameterisation of λ the rows use.</param>
    /// <param name="learningRateTitle">The column axis title.</param>
    public static Figure LearningRateWeightDecayHeatmap(
        IReadOnlyList<double> learningRates,
        IReadOnlyList<double> weightDecays,
        IReadOnlyList<IReadOnlyList<double>> values,
        string metric = "final accuracy",
        string? title = null,
        (double Min, double Max)? colorRange = null,
        string weightDecayTitle = "weight decay",
        string learningRateTitle = "learning rate")
    {
        ArgumentNullException.ThrowIfNull(learningRates);
        ArgumentNullException.ThrowIfNull(weightDecays);
        ArgumentNullException.ThrowIfNull(values);
        if (learningRates.Count == 0 || weightDecays.Count == 0)
        {
            throw new ArgumentException("Give at least one learning rate and one weight decay.", learningRates.Count == 0 ? nameof(learningRates) : nameof(weightDecays));
        }

        if (values.Count != weightDecays.Count)
        {
            throw new ArgumentException($"values has {values.Count} rows but weightDecays has {weightDecays.Count}; give one row per weight decay.", nameof(values));
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is null || values[i].Count != learningRates.Count)
            {
                throw new ArgumentException($"values row {i} (weight decay {Label(weightDecays[i])}) has {values[i]?.Count ?? 0} values but learningRates has {learningRates.Count}.", nameof(values));
            }
        }

        if (colorRange is { } range && !(double.IsFinite(range.Min) && double.IsFinite(range.Max) && range.Min < range.Max))
        {
            throw new ArgumentException($"colorRange ({range.Min}, {range.Max}) must be two finite numbers, the first below the second.", nameof(colorRange));
        }

        double[] finite = [.. values.SelectMany(r => r).Where(double.IsFinite)];
        bool fraction = finite.Length > 0 && finite.All(v => v >= 0 && v <= 1);
        double? zMin = colorRange?.Min ?? (finite.Length > 0 && finite.Min() < finite.Max() ? finite.Min() : null);
        double? zMax = colorRange?.Max ?? (finite.Length > 0 && finite.Min() < finite.Max() ? finite.Max() : null);
        var trace = new HeatmapTrace
        {
            Name = metric,
            Z = [.. values.Select(r => (IReadOnlyList<double>)[.. r])],
            X = PlotArray.Of(learningRates.Select(Label)),
            Y = PlotArray.Of(weightDecays.Select(Label)),
            ColorScale = "Viridis",
            ZMin = zMin,
            ZMax = zMax,
            ColorBar = new ColorBar { Title = new Title(metric) { Side = "right" }, TickFormat = fraction ? ".0%" : null },
            TextTemplate = fraction ? "%{z:.1%}" : "%{z:.3g}",
            HoverTemplate = "lr %{x}, weight decay %{y}: %{z:.4g}<extra></extra>",
        };
        return ChartLayout.Arrange(new Figure(trace) with
        {
            Layout = new Layout
            {
                Title = title ?? $"{metric} by learning rate and weight decay",
                XAxis = new Axis { Title = learningRateTitle, Type = AxisType.Category },
                YAxis = new Axis { Title = weightDecayTitle, Type = AxisType.Category },
            },
        });
    }

    /// <summary>A confusion matrix: true class down, predicted class across, counts (or row fractions) in each cell.</summary>
    /// <param name="counts"><c>counts[t][p]</c>: how many samples of true class t were predicted as p.</param>
    /// <param name="classNames">One name per class.</param>
    /// <param name="normalize">Show each row as fractions of its total (per-class recall on the diagonal).</param>
    /// <param name="title">Chart title.</param>
    public static Figure ConfusionMatrix(
        IReadOnlyList<IReadOnlyList<int>> counts,
        IReadOnlyList<string> classNames,
        bool normalize = false,
        string? title = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        int k = classNames.Count;
        if (k == 0)
        {
            throw new ArgumentException("Give at least one class name.", nameof(classNames));
        }

        if (counts.Count != k || counts.Any(r => r is null || r.Count != k))
        {
            throw new ArgumentException($"counts must be {k} x {k} (one row and one column per class name).", nameof(counts));
        }

        if (counts.Any(r => r.Any(c => c < 0)))
        {
            throw new ArgumentException("counts cannot be negative.", nameof(counts));
        }

        IReadOnlyList<double>[] z = [.. counts.Select(row =>
        {
            double total = row.Sum(c => (double)c);
            return (IReadOnlyList<double>)[.. row.Select(c => normalize ? (total == 0 ? double.NaN : c / total) : c)];
        })];
        string[] names = [.. classNames];
        var trace = new HeatmapTrace
        {
            Z = z,
            X = names,
            Y = names,
            // plotly.js "Blues" runs dark to light; reversed, the big counts (the diagonal) are the dark cells.
            ColorScale = "Blues",
            ReverseScale = true,
            ZMin = 0,
            ZMax = normalize ? 1 : Math.Max(1, counts.Max(r => r.Max())),
            ColorBar = new ColorBar { Title = new Title(normalize ? "fraction of class" : "count") { Side = "right" }, TickFormat = normalize ? ".0%" : null },
            TextTemplate = normalize ? "%{z:.2f}" : "%{z}",
            HoverTemplate = "true %{y}, predicted %{x}: %{z}<extra></extra>",
        };
        // Layout only (size, margins, label angle): the trace is the same for every class count and name length.
        Figure figure = ChartLayout.Arrange(new Figure(trace) with
        {
            Layout = new Layout
            {
                Title = title ?? (normalize ? "Confusion matrix (rows normalised)" : "Confusion matrix"),
                XAxis = new Axis { Title = "predicted class", Type = AxisType.Category },
                YAxis = new Axis { Title = "true class", Type = AxisType.Category, AutoRange = "reversed" },
            },
        });
        int colorBarLabel = normalize ? "100%".Length : trace.ZMax!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        return ConfusionMatrixLayout.Apply(figure, names, colorBarLabel);
    }

    /// <summary>A confusion matrix from a 2-D array (<c>counts[true, predicted]</c>).</summary>
    public static Figure ConfusionMatrix(int[,] counts, IReadOnlyList<string> classNames, bool normalize = false, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.GetLength(0) != counts.GetLength(1))
        {
            throw new ArgumentException($"counts must be square, got {counts.GetLength(0)} x {counts.GetLength(1)}.", nameof(counts));
        }

        int[][] rows = [.. Enumerable.Range(0, counts.GetLength(0)).Select(i => Enumerable.Range(0, counts.GetLength(1)).Select(j => counts[i, j]).ToArray())];
        return ConfusionMatrix(rows, classNames, normalize, title);
    }
}
