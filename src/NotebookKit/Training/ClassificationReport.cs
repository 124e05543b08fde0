using System.Globalization;
using System.Net;
using System.Text;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training;

/// <summary>Per-class precision, recall, F1 and support, with accuracy and averages (scikit-learn <c>classification_report</c>).</summary>
/// <remarks>
/// <para>For class k: precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2·P·R/(P+R), support = TP+FN.
/// A zero denominator gives 0 (scikit-learn <c>zero_division=0</c>; its default "warn" also reports 0).</para>
/// <para>Macro average: the unweighted mean over classes. Weighted average: the mean weighted by support.
/// Accuracy: correct/total. All classes named are reported, as with <c>labels=range(k)</c>.</para>
/// </remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class ClassificationReport : IHtmlDisplayable
{
    private ClassificationReport(IReadOnlyList<ClassMetrics> classes, double accuracy, ClassMetrics macro, ClassMetrics weighted, long total)
    {
        Classes = classes;
        Accuracy = accuracy;
        MacroAverage = macro;
        WeightedAverage = weighted;
        Total = total;
    }

    /// <summary>One row per class, in label order.</summary>
    public IReadOnlyList<ClassMetrics> Classes { get; }

    /// <summary>The fraction of samples classified correctly.</summary>
    public double Accuracy { get; }

    /// <summary>The unweighted mean of the per-class metrics (<c>macro avg</c>); its support is the total.</summary>
    public ClassMetrics MacroAverage { get; }

    /// <summary>The support-weighted mean of the per-class metrics (<c>weighted avg</c>); its support is the total.</summary>
    public ClassMetrics WeightedAverage { get; }

    /// <summary>The number of samples.</summary>
    public long Total { get; }

    /// <summary>Builds the report from true labels and predictions.</summary>
    public static ClassificationReport From(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, IReadOnlyList<string> classNames) =>
        From(ConfusionMatrix.From(labels, predictions, classNames));

    /// <summary>Builds the report from a confusion matrix.</summary>
    public static ClassificationReport From(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int k = matrix.Classes;
        long total = matrix.Total;
        var rows = new ClassMetrics[k];
        long correct = 0;
        double macroP = 0, macroR = 0, macroF = 0, weightedP = 0, weightedR = 0, weightedF = 0;
        for (int c = 0; c < k; c++)
        {
            long tp = matrix[c, c];
            long support = matrix.Support(c);
            long predicted = matrix.Predicted(c);
            correct += tp;
            double precision = predicted == 0 ? 0 : (double)tp / predicted;
            double recall = support == 0 ? 0 : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows[c] = new ClassMetrics(matrix.ClassNames[c], precision, recall, f1, support);
            macroP += precision;
            macroR += recall;
            macroF += f1;
            weightedP += precision * support;
            weightedR += recall * support;
            weightedF += f1 * support;
        }

        double w = total == 0 ? 0 : 1.0 / total;
        return new ClassificationReport(
            rows,
            total == 0 ? 0 : (double)correct / total,
            new ClassMetrics("macro avg", macroP / k, macroR / k, macroF / k, total),
            new ClassMetrics("weighted avg", weightedP * w, weightedR * w, weightedF * w, total),
            total);
    }

    /// <inheritdoc/>
    public override string ToString() => ToString(2);

    /// <summary>The report as text, laid out exactly as scikit-learn prints it, with <paramref name="digits"/> decimals.</summary>
    public string ToString(int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        const string Weighted = "weighted avg";
        int width = Math.Max(Math.Max(Classes.Max(c => c.Name.Length), Weighted.Length), digits);
        string[] headers = ["precision", "recall", "f1-score", "support"];
        var text = new StringBuilder();
        text.Append(new string(' ', width)).Append(' ');
        foreach (string h in headers)
        {
            text.Append(' ').Append(h.PadLeft(9));
        }

        text.Append("\n\n");
        foreach (var row in Classes)
        {
            AppendRow(text, row, width, digits);
        }

        text.Append('\n');
        text.Append("accuracy".PadLeft(width)).Append(' ')
            .Append(' ').Append(new string(' ', 9))
            .Append(' ').Append(new string(' ', 9))
            .Append(' ').Append(Number(Accuracy, digits).PadLeft(9))
            .Append(' ').Append(Total.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
        AppendRow(text, MacroAverage, width, digits);
        AppendRow(text, WeightedAverage, width, digits);
        return text.ToString();
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"nbkit-report\"><thead><tr><th></th><th>precision</th><th>recall</th><th>f1-score</th><th>support</th></tr></thead><tbody>");
        foreach (var row in Classes.Append(null).Append(MacroAverage).Append(WeightedAverage))
        {
            if (row is null)
            {
                html.Append("<tr><th>accuracy</th><td></td><td></td><td style=\"text-align:right;padding:0 .6em\">").Append(Number(Accuracy, 4))
                    .Append("</td><td style=\"text-align:right;padding:0 .6em\">").Append(Total.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
                continue;
            }

            html.Append("<tr><th>").Append(WebUtility.HtmlEncode(row.Name)).Append("</th>");
            foreach (double v in new[] { row.Precision, row.Recall, row.F1 })
            {
                html.Append("<td style=\"text-align:right;padding:0 .6em\">").Append(Number(v, 4)).Append("</td>");
            }

            html.Append("<td style=\"text-align:right;padding:0 .6em\">").Append(row.Support.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static void AppendRow(StringBuilder text, ClassMetrics row, int width, int digits)
    {
        text.Append(row.Name.PadLeft(width)).Append(' ');
        foreach (double v in new[] { row.Precision, row.Recall, row.F1 })
        {
            text.Append(' ').Append(Number(v, digits).PadLeft(9));
        }

        text.Append(' ').Append(row.Support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }

    private static string Number(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
