using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training.RangeTest;

/// <summary>The record of a learning-rate range test: learning rates, raw and smoothed losses, and the suggestions.</summary>
/// <param name="LearningRates">The learning rate of each iteration run.</param>
/// <param name="Losses">The raw batch loss of each iteration.</param>
/// <param name="SmoothedLosses">The bias-corrected smoothed loss of each iteration (what fastai plots).</param>
/// <param name="NumIter">The planned iterations (fastai <c>num_it</c>); fewer ran if the loss diverged.</param>
/// <param name="Diverged">Whether the test stopped early because the smoothed loss exceeded 4x its minimum (or became NaN).</param>
/// <param name="Suggestions">The suggested learning rates.</param>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record RangeTestResult(
    IReadOnlyList<double> LearningRates,
    IReadOnlyList<double> Losses,
    IReadOnlyList<double> SmoothedLosses,
    int NumIter,
    bool Diverged,
    RangeTestSuggestions Suggestions) : IHtmlDisplayable
{
    /// <summary>The suggestions as JSON: <c>{"valley": ..., "steep": ..., "minimum": ...}</c> (null where there is none).</summary>
    public JsonObject SuggestionsToJson() => new()
    {
        ["valley"] = Suggestions.Valley,
        ["steep"] = Suggestions.Steep,
        ["minimum"] = Suggestions.Minimum,
    };

    /// <summary>The whole record as JSON (<c>lrs</c>, <c>losses</c>, <c>smoothed_losses</c>, <c>num_iter</c>, <c>diverged</c>, <c>suggestions</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["lrs"] = new JsonArray(LearningRates.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        ["losses"] = new JsonArray(Losses.Select(v => (JsonNode?)(double.IsFinite(v) ? JsonValue.Create(v) : null)).ToArray()),
        ["smoothed_losses"] = new JsonArray(SmoothedLosses.Select(v => (JsonNode?)(double.IsFinite(v) ? JsonValue.Create(v) : null)).ToArray()),
        ["num_iter"] = NumIter,
        ["diverged"] = Diverged,
        ["suggestions"] = SuggestionsToJson(),
    };

    /// <summary>The smoothed loss against the learning rate (log axis) with the suggestions marked (<see cref="RangeTestChart.Create"/>).</summary>
    public Figure Plot(string? title = null)
    {
        var marks = new List<VerticalMark>();
        if (Suggestions.Valley is { } valley)
        {
            marks.Add(new VerticalMark("valley", valley));
        }

        if (Suggestions.Steep is { } steep)
        {
            marks.Add(new VerticalMark("steep", steep));
        }

        if (Suggestions.Minimum is { } minimum)
        {
            marks.Add(new VerticalMark("minimum/10", minimum));
        }

        return RangeTestChart.Create(LearningRates, SmoothedLosses, marks, Losses, title ?? "Learning-rate range test");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"LR range test: {LearningRates.Count}/{NumIter} iterations{(Diverged ? " (stopped: loss diverged)" : "")}; suggestions: valley {Show(Suggestions.Valley)}, steep {Show(Suggestions.Steep)}, minimum/10 {Show(Suggestions.Minimum)}");

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"nbkit-lr-find\"><thead><tr><th>suggestion</th><th>learning rate</th></tr></thead><tbody>");
        foreach (var (name, value) in new[] { ("valley", Suggestions.Valley), ("steep", Suggestions.Steep), ("minimum/10", Suggestions.Minimum) })
        {
            html.Append("<tr><td>").Append(name).Append("</td><td style=\"text-align:right\">").Append(WebUtility.HtmlEncode(Show(value))).Append("</td></tr>");
        }

        html.Append("</tbody></table><p>")
            .Append(LearningRates.Count.ToString(CultureInfo.InvariantCulture)).Append(" of ")
            .Append(NumIter.ToString(CultureInfo.InvariantCulture)).Append(" iterations")
            .Append(Diverged ? "; stopped early: the smoothed loss exceeded 4x its minimum" : "").Append(".</p>");
        return html.ToString();
    }

    private static string Show(double? value) => value is { } v ? Charts.Label(v) : "none";
}
