using System.Globalization;
using System.Net;
using System.Text;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training.Sweeps;

/// <summary>The merged sweep's report page: counts, missing and failed points, the summary table, heatmaps, every point.</summary>
internal static class SweepReport
{
    /// <summary>At most this many heatmaps (one per value of the other swept keys) are drawn.</summary>
    private const int MaxHeatmaps = 12;

    private const string TableStyle = "border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0;";
    private const string CellStyle = "border: 1px solid #d0d7de; padding: 3px 8px; text-align: right;";
    private const string TextCellStyle = "border: 1px solid #d0d7de; padding: 3px 8px; text-align: left;";

    public static IReadOnlyList<IHtmlDisplayable> Items(SweepResults results)
    {
        var items = new List<IHtmlDisplayable> { HtmlBlock.Paragraph(Counts(results)) };
        if (results.Missing.Count > 0 || results.Failed.Count > 0 || results.Problems.Count > 0)
        {
            items.Add(HtmlBlock.Heading("Missing and failed points"));
            items.Add(List([
                .. results.Failed.Select(f => $"failed: {f.Id}: {f.Error}"),
                .. results.Missing.Select(id => $"missing: {id}"),
                .. results.Problems.Select(p => $"unreadable: {p}")]));
        }

        items.Add(HtmlBlock.Heading("Mean ± standard deviation over seeds"));
        items.Add(SummaryTable(results));
        var heatmaps = Heatmaps(results).ToList();
        if (heatmaps.Count > 0)
        {
            items.Add(HtmlBlock.Heading("Mean test accuracy over seeds"));
            items.AddRange(heatmaps);
        }

        items.Add(HtmlBlock.Heading("Every point"));
        items.Add(PointsTable(results));
        return items;
    }

    private static string Counts(SweepResults results)
    {
        var plan = results.Plan;
        string axes = string.Join(" × ", plan.KeyPaths.Select(k => $"{k} ({plan.Points.Select(p => Value(p.Overrides, k)).Distinct(StringComparer.Ordinal).Count()})"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{plan.Spec.Name}: {plan.Points.Count} points over {(axes.Length == 0 ? "the base config" : axes)}; {results.FinishedCount} finished, {results.Failed.Count} failed, {results.Missing.Count} missing. Gathered from {string.Join(", ", results.Folders)}.");
    }

    private static HtmlBlock SummaryTable(SweepResults results)
    {
        var keys = results.Plan.KeyPaths.Where(k => k != SweepResults.SeedKey).ToList();
        var html = new StringBuilder($"<table style=\"{TableStyle}\"><thead><tr>");
        foreach (string header in keys.Append("runs").Append("test accuracy").Append("test loss").Append("train loss"))
        {
            html.Append($"<th style=\"{TextCellStyle}\">").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in results.Rows)
        {
            html.Append("<tr>");
            foreach (string key in keys)
            {
                Cell(html, row.ValueOf(key)?.ValueText ?? "", text: true);
            }

            Cell(html, string.Create(CultureInfo.InvariantCulture, $"{row.TestAccuracy.Count}/{row.PointIds.Count}"));
            Cell(html, Percent(row.TestAccuracy));
            Cell(html, Plain(row.TestLoss));
            Cell(html, Plain(row.TrainLoss));
            html.Append("</tr>");
        }

        return new HtmlBlock(html.Append("</tbody></table>").ToString());
    }

    private static HtmlBlock PointsTable(SweepResults results)
    {
        var keys = results.Plan.KeyPaths;
        var html = new StringBuilder($"<table style=\"{TableStyle}\"><thead><tr>");
        foreach (string header in keys.Prepend("id").Append("status").Append("test accuracy").Append("test loss").Append("seconds"))
        {
            html.Append($"<th style=\"{TextCellStyle}\">").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var p in results.Points)
        {
            html.Append("<tr>");
            Cell(html, p.Point.Id, text: true);
            foreach (string key in keys)
            {
                Cell(html, Value(p.Point.Overrides, key), text: true);
            }

            bool finished = p.Status == SweepPointStatus.Finished;
            Cell(html, p.Status.ToString().ToLowerInvariant(), text: true);
            Cell(html, finished ? (100 * p.TestAccuracy).ToString("F2", CultureInfo.InvariantCulture) + " %" : "");
            Cell(html, finished ? p.TestLoss.ToString("F4", CultureInfo.InvariantCulture) : "");
            Cell(html, finished ? p.Seconds.ToString("F1", CultureInfo.InvariantCulture) : "");
            html.Append("</tr>");
        }

        return new HtmlBlock(html.Append("</tbody></table>").ToString());
    }

    /// <summary>
    /// When exactly two swept keys besides <c>seed</c> take several numeric values, the lessons' learning-rate × weight-decay
    /// heatmap of the mean test accuracy: one per combination of the other swept keys, on one shared colour scale.
    /// </summary>
    private static IEnumerable<Figure> Heatmaps(SweepResults results)
    {
        var points = results.Plan.Points;
        var varying = results.Plan.KeyPaths
            .Where(k => k != SweepResults.SeedKey && points.Select(p => Value(p.Overrides, k)).Distinct(StringComparer.Ordinal).Count() > 1)
            .ToList();
        var numeric = varying
            .Where(k => points.All(p => p.Overrides.FirstOrDefault(o => o.KeyPath == k) is { } o && CanonicalJson.IsNumber(o.Value)))
            .ToList();
        if (numeric.Count != 2)
        {
            yield break;
        }

        // Learning rates go across, as in the lessons.
        string x = numeric.FirstOrDefault(k => k.EndsWith("lr", StringComparison.Ordinal)) ?? numeric[0];
        string y = numeric.Single(k => k != x);
        var others = varying.Except(numeric).ToList();
        var groups = results.Rows.GroupBy(r => string.Join(", ", others.Select(k => $"{k}={r.ValueOf(k)?.ValueText ?? "base"}")), StringComparer.Ordinal).Take(MaxHeatmaps).ToList();
        double[] means = [.. results.Rows.Select(r => r.TestAccuracy.Mean).Where(double.IsFinite)];
        (double, double)? range = means.Length > 0 && means.Min() < means.Max() ? (means.Min(), means.Max()) : null;
        foreach (var group in groups)
        {
            double[] xs = [.. group.Select(r => NumberOf(r, x)).Distinct().Order()];
            double[] ys = [.. group.Select(r => NumberOf(r, y)).Distinct().Order()];
            var values = ys.Select(yv => (IReadOnlyList<double>)[.. xs.Select(xv =>
                group.FirstOrDefault(r => NumberOf(r, x) == xv && NumberOf(r, y) == yv)?.TestAccuracy.Mean ?? double.NaN)]).ToList();
            string title = others.Count == 0 ? $"{results.Plan.Spec.Name}: mean test accuracy" : $"{results.Plan.Spec.Name}, {group.Key}";
            yield return Charts.LearningRateWeightDecayHeatmap(xs, ys, values, "test accuracy", title, range, weightDecayTitle: y, learningRateTitle: x);
        }
    }

    private static double NumberOf(SweepSummaryRow row, string key) => CanonicalJson.Number(row.ValueOf(key)!.Value!);

    private static string Value(IReadOnlyList<SweepOverride> overrides, string key) =>
        overrides.FirstOrDefault(o => o.KeyPath == key)?.ValueText ?? "";

    private static string Percent(SweepStatistic s) =>
        s.Count == 0 ? "" : double.IsFinite(s.StandardDeviation)
            ? string.Create(CultureInfo.InvariantCulture, $"{100 * s.Mean:F2} ± {100 * s.StandardDeviation:F2} %")
            : string.Create(CultureInfo.InvariantCulture, $"{100 * s.Mean:F2} %");

    private static string Plain(SweepStatistic s) =>
        s.Count == 0 ? "" : double.IsFinite(s.StandardDeviation)
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Mean:F4} ± {s.StandardDeviation:F4}")
            : string.Create(CultureInfo.InvariantCulture, $"{s.Mean:F4}");

    private static void Cell(StringBuilder html, string content, bool text = false) =>
        html.Append($"<td style=\"{(text ? TextCellStyle : CellStyle)}\">").Append(WebUtility.HtmlEncode(content)).Append("</td>");

    private static HtmlBlock List(IEnumerable<string> lines) =>
        new($"<ul>{string.Concat(lines.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>"))}</ul>");
}
