using System.Net;
using System.Text;
using NotebookKit.Display;

namespace NotebookKit.Claims;

/// <summary>
/// Several <see cref="Sample"/>s side by side: mean ± standard error, standard deviation, lowest and highest run, and
/// the number of runs. Made by <see cref="Sample.Table"/>; displays as an HTML table and as aligned text.
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class SampleTable : IHtmlDisplayable
{
    private static readonly string[] Headers = ["", "mean ± s.e.", "sd", "lowest", "highest", "runs"];

    /// <summary>Creates the table.</summary>
    /// <exception cref="ArgumentException">No samples were given.</exception>
    public SampleTable(IEnumerable<Sample> samples)
    {
        if (samples is null)
        {
            throw new ArgumentException("A sample table needs samples (got null).");
        }

        Samples = [.. samples];
        if (Samples.Count == 0)
        {
            throw new ArgumentException("A sample table needs at least one sample.");
        }
    }

    /// <summary>The samples, one row each.</summary>
    public IReadOnlyList<Sample> Samples { get; }

    /// <inheritdoc/>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"nbkit-samples\"><thead><tr>");
        foreach (string h in Headers)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows())
        {
            html.Append("<tr><th style=\"text-align:left\">").Append(WebUtility.HtmlEncode(row[0])).Append("</th>");
            foreach (string cell in row.Skip(1))
            {
                html.Append("<td style=\"text-align:right\">").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>The table as aligned text, one sample per line.</summary>
    public override string ToString()
    {
        var rows = new List<string[]> { Headers };
        rows.AddRange(Rows());
        int[] widths = Enumerable.Range(0, Headers.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return string.Join(Environment.NewLine, rows.Select(r =>
            string.Join("  ", r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd()));
    }

    private IEnumerable<string[]> Rows() => Samples.Select(s => new[]
    {
        s.Name,
        s.Summary(),
        s.Count > 1 ? s.Spread(s.StandardDeviation) : "",
        Numbers.In(s.Min, s.Unit),
        Numbers.In(s.Max, s.Unit),
        s.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}
