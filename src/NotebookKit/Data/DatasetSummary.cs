using System.Globalization;
using System.Net;
using System.Text;
using NotebookKit.Display;

namespace NotebookKit.Data;

/// <summary>What a notebook shows for a dataset split: image count, shape, images per class and source.</summary>
/// <param name="Name">The dataset and split, e.g. <c>fashion-mnist/train</c>.</param>
/// <param name="Count">The number of images.</param>
/// <param name="Channels">Colour channels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="ClassNames">Class names, indexed by label.</param>
/// <param name="ClassCounts">Images per class, indexed by label.</param>
/// <param name="Source">The file or folder the data came from.</param>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record DatasetSummary(
    string Name,
    int Count,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<int> ClassCounts,
    string Source) : IHtmlDisplayable
{
    /// <summary>The image shape as C x H x W, e.g. <c>3x32x32</c>.</summary>
    public string Shape => string.Create(CultureInfo.InvariantCulture, $"{Channels}x{Height}x{Width}");

    /// <summary>An HTML table: one row per class with its count, under a caption with name, shape and source.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<div class=\"nbkit-dataset\"><table style=\"border-collapse:collapse\">");
        html.Append(CultureInfo.InvariantCulture,
            $"<caption style=\"text-align:left\"><b>{Encode(Name)}</b>: {Count:N0} images, {Shape}, {ClassNames.Count} classes<br/>");
        html.Append(CultureInfo.InvariantCulture, $"<small>source: <code>{Encode(Source)}</code></small></caption>");
        html.Append("<thead><tr><th style=\"text-align:right\">label</th><th style=\"text-align:left\">class</th><th style=\"text-align:right\">images</th></tr></thead><tbody>");
        for (int i = 0; i < ClassNames.Count; i++)
        {
            int count = i < ClassCounts.Count ? ClassCounts[i] : 0;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td style=\"text-align:right\">{i}</td><td style=\"text-align:left\">{Encode(ClassNames[i])}</td><td style=\"text-align:right\">{count:N0}</td></tr>");
        }

        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    /// <summary>One line, e.g. <c>cifar10/test: 10000 images, 3x32x32, 10 classes (airplane 1000, ...) from data/cifar-10-batches-bin</c>.</summary>
    public override string ToString()
    {
        var classes = ClassNames.Select((name, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{name} {(i < ClassCounts.Count ? ClassCounts[i] : 0)}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name}: {Count} images, {Shape}, {ClassNames.Count} classes ({string.Join(", ", classes)}) from {Source}");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
