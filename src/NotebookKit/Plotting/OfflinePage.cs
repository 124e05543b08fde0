using System.Net;
using System.Text;
using NotebookKit.Display;
using NotebookKit.Files;

namespace NotebookKit.Plotting;

/// <summary>A standalone HTML page that works offline: plotly.js inlined once (with its licence), then any number of figures.</summary>
public static class OfflinePage
{
    /// <summary>Renders the page.</summary>
    /// <param name="title">The page title (HTML-encoded into <c>&lt;title&gt;</c> and an <c>&lt;h1&gt;</c>).</param>
    /// <param name="items">Figures, <see cref="HtmlBlock"/>s, or anything else with an HTML display, in page order.</param>
    public static string Render(string title, IEnumerable<IHtmlDisplayable> items)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(items);
        string encodedTitle = WebUtility.HtmlEncode(title);
        var body = new StringBuilder();
        int index = 0;
        foreach (IHtmlDisplayable item in items)
        {
            if (item is null)
            {
                throw new ArgumentException($"Page item {index} is null.", nameof(items));
            }

            body.Append("<section class=\"nbkit-item\">\n").Append(item is Figure figure ? figure.ToHtml(PlotlyDelivery.PageProvided) : item.ToHtml()).Append("\n</section>\n");
            index++;
        }

        // The licence sits in a comment next to the inlined bundle; "--" cannot occur in the MIT text.
        string license = PlotlyJs.License.Replace("--", "- -", StringComparison.Ordinal);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{encodedTitle}}</title>
            <style>
            body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #2a3f5f; }
            .nbkit-item { margin: 1.5em 0; }
            </style>
            <!-- plotly.js {{PlotlyJs.Version}} (npm plotly.js-dist-min), inlined so the page needs no network.
            {{license}}
            -->
            <script type="text/javascript">{{PlotlyJs.Script}}</script>
            </head>
            <body>
            <h1>{{encodedTitle}}</h1>
            {{body}}</body>
            </html>
            """;
    }

    /// <summary>Renders the page and writes it to <paramref name="path"/> (temp file + rename: never half-written).</summary>
    public static void Save(string path, string title, IEnumerable<IHtmlDisplayable> items)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string html = Render(title, items);
        AtomicFile.WriteAllText(AtomicFile.FullPathInExistingFolder(path, "save the page to"), html);
    }
}
