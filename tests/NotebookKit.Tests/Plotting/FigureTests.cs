using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Display;
using NotebookKit.Plotting;
using NotebookKit.Training.RangeTest;

namespace NotebookKit.Tests.Plotting;

public class FigureTests
{
    private static JsonNode Json(Figure f) => JsonNode.Parse(f.ToJson())!;

    [Fact]
    public void Scatter_serialises_with_plotly_names_and_title_objects()
    {
        var figure = new Figure(new ScatterTrace
        {
            Name = "step",
            X = new[] { 0, 1, 2 },
            Y = new[] { 0.1, 0.1, 0.05 },
            Line = new LineStyle { Width = 2, Dash = LineDash.Dash, Shape = LineShape.HorizontalThenVertical },
        }).WithTitle("LR").WithAxis("yaxis", new Axis { Title = "lr", Type = AxisType.Log });

        JsonNode json = Json(figure);
        JsonNode trace = json["data"]![0]!;
        Assert.Equal("scatter", (string?)trace["type"]);
        Assert.Equal("lines", (string?)trace["mode"]);
        Assert.Equal("hv", (string?)trace["line"]!["shape"]);
        Assert.Equal("dash", (string?)trace["line"]!["dash"]);
        Assert.Equal(0.05, (double)trace["y"]![2]!);
        Assert.Equal("LR", (string?)json["layout"]!["title"]!["text"]);
        Assert.Equal("lr", (string?)json["layout"]!["yaxis"]!["title"]!["text"]);
        Assert.Equal("log", (string?)json["layout"]!["yaxis"]!["type"]);
        Assert.Equal(true, (bool?)json["config"]!["responsive"]);
        Assert.Equal(false, (bool?)json["config"]!["displaylogo"]);
        // Unset attributes are left to plotly.js defaults, not written as null.
        Assert.False(trace.AsObject().ContainsKey("marker"));
    }

    [Fact]
    public void Type_discriminator_is_written_for_every_trace_kind()
    {
        var figure = new Figure(
            new ScatterTrace(), new BarTrace(), new HeatmapTrace { Z = [[1, 2]] }, new HistogramTrace { X = new[] { 1.0 } });
        string[] types = [.. Json(figure)["data"]!.AsArray().Select(t => (string)t!["type"]!)];
        Assert.Equal(["scatter", "bar", "heatmap", "histogram"], types);
        Assert.Equal(types, figure.Data.Select(t => t.TraceType));
    }

    [Fact]
    public void Non_finite_numbers_become_null_gaps()
    {
        var figure = new Figure(new ScatterTrace { X = new[] { 1.0, 2, 3 }, Y = new[] { 1, double.NaN, double.PositiveInfinity } });
        JsonArray y = Json(figure)["data"]![0]!["y"]!.AsArray();
        Assert.Equal(1.0, (double)y[0]!);
        Assert.Null(y[1]);
        Assert.Null(y[2]);
    }

    [Fact]
    public void Hovermode_off_is_the_boolean_false_and_unified_keeps_its_space()
    {
        Assert.Equal(JsonValueKind.False, Json(new Figure().WithLayout(l => l with { HoverMode = HoverMode.Off }))["layout"]!["hovermode"]!.GetValueKind());
        Assert.Equal("x unified", (string?)Json(new Figure().WithLayout(l => l with { HoverMode = HoverMode.XUnified }))["layout"]!["hovermode"]);
    }

    [Fact]
    public void Extra_axes_are_written_as_flat_layout_keys()
    {
        var figure = new Figure().WithAxis("yaxis2", new Axis { Overlaying = "y", Side = "right" }).WithAxis("xaxis3", new Axis());
        JsonObject layout = Json(figure)["layout"]!.AsObject();
        Assert.Equal("y", (string?)layout["yaxis2"]!["overlaying"]);
        Assert.True(layout.ContainsKey("xaxis3"));
        Assert.False(layout.ContainsKey("MoreAxes"));
        Assert.Equal("right", figure.Layout.GetAxis("yaxis2")!.Side);
    }

    [Theory]
    [InlineData("zaxis")]
    [InlineData("yaxis1")]
    [InlineData("xaxis0")]
    [InlineData("y2")]
    public void Bad_axis_keys_are_rejected_with_the_rule(string id)
    {
        var e = Assert.Throws<ArgumentException>(() => new Figure().WithAxis(id, new Axis()));
        Assert.Contains("xaxis2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_lengths_name_the_trace_and_attributes()
    {
        var figure = new Figure(new ScatterTrace { Name = "lr", X = new[] { 1.0, 2 }, Y = new[] { 1.0 } });
        var e = Assert.Throws<ArgumentException>(() => figure.ToJson());
        Assert.Contains("scatter trace 'lr'", e.Message, StringComparison.Ordinal);
        Assert.Contains("x has 2 values but y has 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ragged_heatmap_and_bad_ranges_are_rejected()
    {
        Assert.Contains("rectangular", Assert.Throws<ArgumentException>(() => new Figure(new HeatmapTrace { Z = [[1, 2], [3]] }).ToJson()).Message, StringComparison.Ordinal);
        Assert.Contains("zmin", Assert.Throws<ArgumentException>(() => new Figure(new HeatmapTrace { Z = [[1]], ZMin = 1, ZMax = 0 }).ToJson()).Message, StringComparison.Ordinal);
        Assert.Contains("nbinsx", Assert.Throws<ArgumentException>(() => new Figure(new HistogramTrace { NBinsX = 0 }).ToJson()).Message, StringComparison.Ordinal);
        Assert.Contains("layout.width", Assert.Throws<ArgumentException>(() => new Figure().WithSize(0, 300).ToJson()).Message, StringComparison.Ordinal);
        Assert.Contains("range", Assert.Throws<ArgumentException>(() => new Figure().WithAxis("xaxis", new Axis { Range = [1] }).ToJson()).Message, StringComparison.Ordinal);
        Assert.Contains("yaxis", Assert.Throws<ArgumentException>(() => new Figure(new ScatterTrace { YAxis = "x2" }).ToJson()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_helpers_validate_their_input_in_the_callers_terms()
    {
        Assert.Contains("validationLoss", Assert.Throws<ArgumentException>(() => Charts.TrainingHistory([1, 2], validationLoss: [1])).Message, StringComparison.Ordinal);
        Assert.Contains("learningRates[1]", Assert.Throws<ArgumentException>(() => RangeTestChart.Create([1e-3, 0], [1, 1])).Message, StringComparison.Ordinal);
        Assert.Contains("2 x 2", Assert.Throws<ArgumentException>(() => Charts.ConfusionMatrix([[1, 2, 3]], ["a", "b"])).Message, StringComparison.Ordinal);
        Assert.Contains("weightDecays", Assert.Throws<ArgumentException>(() => Charts.LearningRateWeightDecayHeatmap([0.1], [0, 1], [[1]])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Charts.Schedule(new SampleFigures.StepDecay(0.1, 1, 0.5), 0));
        Assert.Contains("Series 'b' has 1 values", Assert.Throws<ArgumentException>(() => Charts.Lines([1, 2], [new Series("a", [1, 2]), new Series("b", [1])])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_chart_samples_every_step_and_closes_the_last_update()
    {
        Figure figure = Charts.Schedule(new SampleFigures.StepDecay(0.1, 10, 0.5), 25);
        var trace = (ScatterTrace)figure.Data[0];
        Assert.Equal(26, trace.X!.Count);
        Assert.Equal(25.0, trace.X.Numbers[^1]);
        // Derived from StepLR's closed form lr * gamma^floor(t / step_size); the closing point repeats step 24.
        Assert.Equal(0.1 * 0.25, trace.Y!.Numbers[24]);
        Assert.Equal(trace.Y.Numbers[24], trace.Y.Numbers[25]);
        Assert.Equal(0.05, trace.Y.Numbers[10]);
        Assert.Equal(LineShape.HorizontalThenVertical, trace.Line!.Shape);
    }

    [Fact]
    public void Long_schedules_are_sampled_with_a_stride()
    {
        Figure figure = Charts.Schedule(new SampleFigures.StepDecay(0.1, 1000, 0.5), 100_000);
        var trace = (ScatterTrace)figure.Data[0];
        Assert.True(trace.X!.Count <= 5001, $"{trace.X.Count} points");
        Assert.Equal(20.0, trace.X.Numbers[1]); // stride = ceil(100000 / 5000)
    }

    [Fact]
    public void Large_weight_tensors_are_thinned_for_the_histogram()
    {
        double[] values = [.. Enumerable.Range(0, 100_000).Select(i => (double)i)];
        var trace = (HistogramTrace)Charts.WeightHistograms([new Series("w", values)]).Data[0];
        Assert.Equal(20_000, trace.X!.Count);
    }

    [Fact]
    public void Html_fragment_draws_with_window_Plotly_or_loads_the_pinned_cdn_script_when_asked()
    {
        Figure figure = Charts.Bar(["a"], [1]);
        string html = figure.ToHtml(PlotlyDelivery.Cdn);
        Assert.Contains("<div id=\"nbkit-plot-", html, StringComparison.Ordinal);
        Assert.Contains("if (window.Plotly) { draw(); return; }", html, StringComparison.Ordinal);
        Assert.Contains(PlotlyJs.CdnUrl, html, StringComparison.Ordinal);
        Assert.DoesNotContain("require", html, StringComparison.Ordinal); // plotly.js 3+ has no AMD module
        Assert.Contains(figure.ToJson(), html, StringComparison.Ordinal);
        Assert.NotEqual(html, figure.ToHtml(PlotlyDelivery.Cdn)); // a figure shown twice gets two divs
    }

    [Fact]
    public void Html_fragment_for_a_page_with_plotly_neither_inlines_nor_loads_it()
    {
        string html = Charts.Bar(["a"], [1]).ToHtml(PlotlyDelivery.PageProvided);
        Assert.DoesNotContain("cdn.plot.ly", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-nbkit-plotly=", html, StringComparison.Ordinal);
        Assert.True(html.Length < 10_000, $"{html.Length} characters");
    }

    [Fact]
    public void Html_fragment_cannot_be_broken_out_of_by_titles()
    {
        string html = new Figure().WithTitle("</script><b>x</b>").ToHtml(PlotlyDelivery.Cdn);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script>"));
    }

    [Fact]
    public void Display_formatter_source_renders_html_text_and_plotly_json()
    {
        Figure figure = Charts.Bar(["a", "b"], [1, 2], "Two bars");
        var formatters = new DisplayFormatterSource().CreateTypeFormatters().Cast<DisplayFormatterSource.MimeFormatter>().ToList();
        var outputs = new Dictionary<string, string>();
        foreach (var f in formatters)
        {
            var writer = new StringWriter();
            Assert.True(f.Format(figure, writer), f.MimeType);
            outputs[f.MimeType] = writer.ToString();
        }

        Assert.Equal(["text/html", "text/plain", "application/vnd.plotly.v1+json"], outputs.Keys);
        Assert.Contains("Plotly.newPlot", outputs["text/html"], StringComparison.Ordinal);
        Assert.Equal("Figure \"Two bars\": 1 trace (bar 'value')", outputs["text/plain"]);
        Assert.Equal(figure.ToJson(), outputs["application/vnd.plotly.v1+json"]);
    }

    [Fact]
    public void Figure_carries_the_name_matched_formatter_attribute()
    {
        // The kernel matches the attribute by type name and reads its public properties by reflection.
        object attribute = typeof(Figure).GetCustomAttributes(inherit: true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        Type type = attribute.GetType();
        Assert.Equal(typeof(DisplayFormatterSource), type.GetProperty("FormatterSourceType", BindingFlags.Public | BindingFlags.Instance)!.GetValue(attribute));
        Assert.Equal(["text/html", "text/plain", "application/vnd.plotly.v1+json"], (string[])type.GetProperty("PreferredMimeTypes", BindingFlags.Public | BindingFlags.Instance)!.GetValue(attribute)!);
    }

    [Fact]
    public void Vertical_line_label_uses_log10_on_a_log_axis_but_the_shape_keeps_data_units()
    {
        Figure figure = RangeTestChart.Create([1e-4, 1e-3, 1e-2], [2, 1, 3], [new VerticalMark("pick", 1e-3)]);
        Assert.Equal(1e-3, figure.Layout.Shapes![0].X0);
        Assert.Equal(-3, figure.Layout.Annotations![0].X, 12);
    }
}
