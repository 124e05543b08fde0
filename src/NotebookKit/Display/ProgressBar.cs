using System.Globalization;
using System.Net;
using NotebookKit.Plotting;

namespace NotebookKit.Display;

/// <summary>A compact progress bar for a notebook output: a label, the bar with its percentage, and a detail line.</summary>
/// <param name="Label">What is running, e.g. <c>"F = 0.25"</c>.</param>
/// <param name="Fraction">Done so far, 0 to 1 (clamped; NaN shows an empty bar).</param>
/// <param name="Detail">The numbers behind it, e.g. <c>"epoch 3/10, batch 120/157: loss 0.4123"</c>.</param>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record ProgressBar(string Label, double Fraction, string Detail) : IHtmlDisplayable
{
    private const int TextWidth = 20;

    /// <summary><see cref="Fraction"/> clamped to [0, 1] (0 for NaN).</summary>
    public double Done => double.IsNaN(Fraction) ? 0 : Math.Clamp(Fraction, 0, 1);

    /// <inheritdoc/>
    public string ToHtml()
    {
        string percent = (Done * 100).ToString("0", CultureInfo.InvariantCulture);
        string width = (Done * 100).ToString("0.#", CultureInfo.InvariantCulture);
        return $"<div class=\"nbkit-progress\" style=\"display:flex;flex-wrap:wrap;align-items:center;gap:.2em .6em;font:13px/1.4 system-ui,sans-serif;max-width:100%\">"
            + (Label.Length > 0 ? $"<span style=\"font-weight:600\">{WebUtility.HtmlEncode(Label)}</span>" : "")
            + $"<span role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"{percent}\" style=\"display:inline-block;flex:0 0 10em;height:.75em;background:#eaeef2;border-radius:4px;overflow:hidden\">"
            + $"<span style=\"display:block;height:100%;width:{width}%;background:#0969da\"></span></span>"
            + $"<span style=\"font-variant-numeric:tabular-nums\">{percent}%</span>"
            + (Detail.Length > 0 ? $"<span style=\"color:#57606a;overflow-wrap:anywhere\">{WebUtility.HtmlEncode(Detail)}</span>" : "")
            + "</div>";
    }

    /// <summary>Plain text, e.g. <c>F = 0.25 [########............] 42% epoch 3/10 ...</c>.</summary>
    public override string ToString()
    {
        int filled = (int)Math.Round(Done * TextWidth);
        string bar = "[" + new string('#', filled) + new string('.', TextWidth - filled) + "]";
        string percent = (Done * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
        return string.Join(" ", new[] { Label, bar, percent, Detail }.Where(s => s.Length > 0));
    }
}
