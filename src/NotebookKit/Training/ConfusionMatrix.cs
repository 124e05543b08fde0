using System.Globalization;
using System.Net;
using System.Text;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Training;

/// <summary>Counts of (true class, predicted class) pairs (scikit-learn <c>confusion_matrix</c>: rows are true, columns predicted).</summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class ConfusionMatrix : IHtmlDisplayable
{
    private readonly long[,] counts;

    private ConfusionMatrix(long[,] counts, IReadOnlyList<string> classNames)
    {
        this.counts = counts;
        ClassNames = classNames;
    }

    /// <summary>Class names, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The number of classes.</summary>
    public int Classes => ClassNames.Count;

    /// <summary>How many images of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => counts[actual, predicted];

    /// <summary>Counts true/predicted pairs.</summary>
    /// <param name="labels">True class per sample.</param>
    /// <param name="predictions">Predicted class per sample (same length).</param>
    /// <param name="classNames">Names of the classes; every label and prediction must index into it.</param>
    public static ConfusionMatrix From(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"y_true has {labels.Length} samples but y_pred has {predictions.Length}.", nameof(predictions));
        }

        if (classNames.Count == 0)
        {
            throw new ArgumentException("A confusion matrix needs at least one class.", nameof(classNames));
        }

        int k = classNames.Count;
        var counts = new long[k, k];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)k || (uint)predictions[i] >= (uint)k)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"Sample {i}: label {labels[i]} / prediction {predictions[i]} is not a class in [0, {k}).");
            }

            counts[labels[i], predictions[i]]++;
        }

        return new ConfusionMatrix(counts, classNames.ToArray());
    }

    /// <summary>Images whose true class is <paramref name="actual"/> (scikit-learn <c>support</c>).</summary>
    public long Support(int actual)
    {
        long sum = 0;
        for (int j = 0; j < Classes; j++)
        {
            sum += counts[actual, j];
        }

        return sum;
    }

    /// <summary>Images predicted as <paramref name="predicted"/>.</summary>
    public long Predicted(int predicted)
    {
        long sum = 0;
        for (int i = 0; i < Classes; i++)
        {
            sum += counts[i, predicted];
        }

        return sum;
    }

    /// <summary>The total number of samples.</summary>
    public long Total
    {
        get
        {
            long sum = 0;
            foreach (long c in counts)
            {
                sum += c;
            }

            return sum;
        }
    }

    /// <summary>The rows as jagged arrays (for plotting as a heatmap).</summary>
    public long[][] ToArray() =>
        Enumerable.Range(0, Classes).Select(i => Enumerable.Range(0, Classes).Select(j => counts[i, j]).ToArray()).ToArray();

    /// <summary>The matrix as a heatmap (<see cref="Charts.ConfusionMatrix(int[,], IReadOnlyList{string}, bool, string?)"/>).</summary>
    /// <param name="normalize">Show each row as fractions of its total (recall on the diagonal).</param>
    /// <param name="title">Chart title.</param>
    public Figure Plot(bool normalize = false, string? title = null)
    {
        var cells = new int[Classes, Classes];
        for (int i = 0; i < Classes; i++)
        {
            for (int j = 0; j < Classes; j++)
            {
                cells[i, j] = (int)Math.Min(counts[i, j], int.MaxValue);
            }
        }

        return Charts.ConfusionMatrix(cells, ClassNames, normalize, title);
    }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"nbkit-confusion\"><thead><tr><th>true \\ predicted</th>");
        foreach (string name in ClassNames)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (int i = 0; i < Classes; i++)
        {
            html.Append("<tr><th>").Append(WebUtility.HtmlEncode(ClassNames[i])).Append("</th>");
            for (int j = 0; j < Classes; j++)
            {
                string style = i == j ? "text-align:right;padding:0 .6em;font-weight:bold" : "text-align:right;padding:0 .6em";
                html.Append("<td style=\"").Append(style).Append("\">").Append(counts[i, j].ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The matrix as text, like numpy prints it, with a header of class names.</summary>
    public override string ToString()
    {
        int width = Math.Max(ClassNames.Max(n => n.Length), counts.Cast<long>().Max().ToString(CultureInfo.InvariantCulture).Length);
        var text = new StringBuilder();
        text.Append(new string(' ', width)).Append(' ');
        text.AppendLine(string.Join(" ", ClassNames.Select(n => n.PadLeft(width))));
        for (int i = 0; i < Classes; i++)
        {
            text.Append(ClassNames[i].PadLeft(width)).Append(' ');
            text.AppendLine(string.Join(" ", Enumerable.Range(0, Classes).Select(j => counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width))));
        }

        return text.ToString().TrimEnd('\n');
    }
}
