using System.Globalization;
using System.Text;
using System.Threading;

namespace NotebookKit.Plotting;

/// <summary>The HTML fragment a figure displays as in a notebook: a div, plotly.js when this fragment carries it, and a draw script.</summary>
/// <remarks>
/// No require.js: plotly.js 3+ has no AMD module and always sets <c>window.Plotly</c>. A fragment draws at once when
/// <c>window.Plotly</c> exists; otherwise it waits for the <c>nbkit:plotly-ready</c> event that the fragment carrying
/// the bundle raises (front ends may render outputs out of order) and for the page to finish loading (a page may
/// inline plotly.js after its figures). Until it draws, the div holds a note saying what it waits for, never a blank box.
/// </remarks>
internal static class FigureHtml
{
    /// <summary>The window event raised once plotly.js is defined by an inlined bundle.</summary>
    public const string ReadyEvent = "nbkit:plotly-ready";

    private static long counter;

    /// <summary>The fragment for <paramref name="figureJson"/>, delivering plotly.js as <paramref name="delivery"/> says.</summary>
    public static string Fragment(string figureJson, int? width, int? height, PlotlyDelivery delivery)
    {
        // Unique per process and per call: a notebook may show the same figure twice.
        string id = $"nbkit-plot-{Environment.ProcessId:x}-{Interlocked.Increment(ref counter):x}-{Guid.NewGuid():N}"[..40];
        string style = string.Create(
            CultureInfo.InvariantCulture,
            $"width:{(width is { } w ? $"{w}px" : "100%")};max-width:100%;height:{height ?? Layout.DefaultHeight}px;");
        bool carriesBundle = delivery.Mode == PlotlyDeliveryMode.Inline && PlotlyJs.TakeInlineTurn();
        var html = new StringBuilder(carriesBundle ? PlotlyJs.Script.Length + figureJson.Length + 4096 : figureJson.Length + 4096);
        html.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}\" class=\"nbkit-plot\" style=\"{style}\">")
            .Append("<p class=\"nbkit-plot-note\" style=\"margin:0;padding:1em;color:#6e7781;font:13px system-ui,sans-serif\">")
            .Append("Interactive chart: plotly.js draws it where the page runs scripts.</p></div>\n");
        if (carriesBundle)
        {
            AppendBundle(html);
        }

        string waiting = delivery.Mode switch
        {
            PlotlyDeliveryMode.Inline => "Waiting for plotly.js, which travels with the first chart of this notebook session. "
                + "If that output was cleared or its cell run again, run PlotlyJs.StartNewSession() and display a chart again, or run all cells.",
            PlotlyDeliveryMode.Url => $"Loading plotly.js from {delivery.ScriptUrl} ...",
            _ => "plotly.js is not on this page, so this chart cannot be drawn.",
        };
        string load = delivery.Mode == PlotlyDeliveryMode.Url
            ? $$"""
                function load() {
                  if (window.Plotly) { draw(); return; }
                  var loading = document.querySelector("script[data-nbkit-plotly-src]");
                  if (loading) { loading.addEventListener("load", draw); return; }
                  var script = document.createElement("script");
                  script.src = {{JsString(delivery.ScriptUrl)}};
                  script.charset = "utf-8";
                  script.setAttribute("data-nbkit-plotly-src", "1");
                  script.onload = draw;
                  script.onerror = function () { note("Could not load plotly.js from " + script.src + " (offline?). The figure's JSON is in the notebook output (application/vnd.plotly.v1+json)."); };
                  document.head.appendChild(script);
                }
                """
            : "function load() { draw(); }";
        html.Append($$"""
            <script type="text/javascript">
            (function () {
              var figure = {{figureJson.Replace("</", "<\\/", StringComparison.Ordinal)}};
              var id = "{{id}}";
              function draw() {
                var el = document.getElementById(id);
                if (!el || !window.Plotly || el.getAttribute("data-nbkit-drawn")) { return; }
                el.setAttribute("data-nbkit-drawn", "1");
                el.textContent = "";
                // A figure of fixed width (a confusion matrix) in a narrower output area is drawn at the area's width
                // instead of overflowing it; the div's max-width already caps clientWidth at its container's.
                var layout = figure.layout || {};
                if (layout.width > el.clientWidth && el.clientWidth > 0) { layout = Object.assign({}, layout, { width: el.clientWidth }); }
                window.Plotly.newPlot(el, figure.data, layout, figure.config);
              }
              function note(text) {
                var el = document.getElementById(id);
                var p = el && !el.getAttribute("data-nbkit-drawn") ? el.querySelector(".nbkit-plot-note") : null;
                if (p) { p.textContent = text; }
              }
              {{load}}
              if (window.Plotly) { draw(); return; }
              note({{JsString(waiting)}});
              window.addEventListener("{{ReadyEvent}}", draw);
              // A static page may inline plotly.js after this fragment: wait for the page before going anywhere.
              if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", load); }
              else { load(); }
              window.addEventListener("load", draw);
            })();
            </script>
            """);
        return html.ToString();
    }

    /// <summary>The bundle (guarded, so a page that already has plotly.js keeps it), its licence, then the ready event.</summary>
    private static void AppendBundle(StringBuilder html)
    {
        string license = PlotlyJs.License.Replace("*/", "* /", StringComparison.Ordinal);
        html.Append(CultureInfo.InvariantCulture, $"<script type=\"text/javascript\" data-nbkit-plotly=\"{PlotlyJs.Version}\">\n")
            .Append(CultureInfo.InvariantCulture, $"/* plotly.js {PlotlyJs.Version} (npm plotly.js-dist-min), inlined once per notebook session by NotebookKit so charts draw offline; later charts reuse window.Plotly.\n")
            .Append(license).Append("\n*/\n")
            .Append("if (!window.Plotly) {\n")
            .Append(PlotlyJs.Script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase))
            .Append("\n}\n")
            .Append(CultureInfo.InvariantCulture, $"window.dispatchEvent(new Event(\"{ReadyEvent}\"));\n</script>\n");
    }

    private static string JsString(string text) => System.Text.Json.JsonSerializer.Serialize(text).Replace("</", "<\\/", StringComparison.Ordinal);
}
