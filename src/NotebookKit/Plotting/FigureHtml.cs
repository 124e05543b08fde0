using System.Globalization;
using System.Threading;

namespace NotebookKit.Plotting;

/// <summary>The HTML fragment a figure displays as in a notebook.</summary>
internal static class FigureHtml
{
    private static long counter;

    /// <summary>A div plus a plain script (no require.js: plotly.js 3+ has no AMD module, §3.4 of the kernel notes).</summary>
    public static string Fragment(string figureJson, int? width, int? height)
    {
        // Unique per process and per call: a notebook may show the same figure twice.
        string id = $"nbkit-plot-{Environment.ProcessId:x}-{Interlocked.Increment(ref counter):x}-{Guid.NewGuid():N}"[..40];
        string style = string.Create(
            CultureInfo.InvariantCulture,
            $"width:{(width is { } w ? $"{w}px" : "100%")};height:{height ?? 450}px;");
        return $$"""
            <div id="{{id}}" class="nbkit-plot" style="{{style}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figureJson}};
              var id = "{{id}}";
              function draw() {
                var el = document.getElementById(id);
                if (el) { window.Plotly.newPlot(el, figure.data, figure.layout, figure.config); }
              }
              function drawOrLoad() {
                if (window.Plotly) { draw(); return; }
                var loading = document.querySelector("script[data-nbkit-plotly]");
                if (loading) { loading.addEventListener("load", draw); return; }
                var script = document.createElement("script");
                script.src = "{{PlotlyJs.CdnUrl}}";
                script.charset = "utf-8";
                script.setAttribute("data-nbkit-plotly", "{{PlotlyJs.Version}}");
                script.onload = draw;
                script.onerror = function () {
                  var el = document.getElementById(id);
                  if (el) { el.textContent = "Could not load plotly.js from {{PlotlyJs.CdnUrl}} (offline?). The figure JSON is in the notebook output."; }
                };
                document.head.appendChild(script);
              }
              if (window.Plotly) { draw(); }
              // A static page may inline plotly.js after this fragment: wait for the page before going to the CDN.
              else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawOrLoad); }
              else { drawOrLoad(); }
            })();
            </script>
            """;
    }
}
