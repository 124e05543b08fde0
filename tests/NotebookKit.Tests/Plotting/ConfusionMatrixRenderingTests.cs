using System.Text.Json;
using Microsoft.Playwright;
using NotebookKit.Data;
using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

/// <summary>
/// A confusion matrix as a reader sees it, in real Chromium: every tick label and the colour bar's title lie wholly
/// inside the figure, and no two tick labels of one axis overlap (rotated labels are compared as rotated boxes).
/// </summary>
public class ConfusionMatrixRenderingTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // Each text's own box (getBBox, before its rotation) mapped through its transform to page pixels: four corners.
    // Two boxes are apart when an edge of either separates them by at least 2 px (separating axis test on the two
    // rectangles), so labels that merely touch fail too. Visible means inside both the SVG and the chart's div.
    private const string MeasureScript = """
        () => {
          const chart = document.querySelector('.plotly-figure');
          const s = chart.querySelector('svg.main-svg').getBoundingClientRect(), d = chart.getBoundingClientRect();
          const box = [Math.max(s.left, d.left), Math.max(s.top, d.top), Math.min(s.right, d.right), Math.min(s.bottom, d.bottom)];
          const corners = t => {
            const b = t.getBBox(), m = t.getScreenCTM();
            return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
              .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
          };
          const texts = selector => Array.from(chart.querySelectorAll(selector))
            .filter(t => t.textContent.trim() !== '')
            .map(t => ({ text: t.textContent, corners: corners(t) }));
          const apart = (p, q) => [p, q].some(poly => poly.some((a, i) => {
            const b = poly[(i + 1) % 4], len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
            const nx = (a[1] - b[1]) / len, ny = (b[0] - a[0]) / len;
            const pp = p.map(([x, y]) => x * nx + y * ny), qq = q.map(([x, y]) => x * nx + y * ny);
            return Math.min(...pp) >= Math.max(...qq) + 2 || Math.min(...qq) >= Math.max(...pp) + 2;
          }));
          const overlaps = (list, others) => {
            const found = [];
            list.forEach((a, i) => (others || list.slice(i + 1)).forEach(b => { if (!apart(a.corners, b.corners)) found.push(`${a.text} / ${b.text}`); }));
            return found;
          };
          const show = t => `${t.text} [${t.corners.map(c => c.map(v => v.toFixed(1)).join(',')).join(' ')}]`;
          const x = texts('g.xtick text'), y = texts('g.ytick text'), bar = texts('.cbtitle text');
          const titles = texts('.gtitle, .g-xtitle text, .g-ytitle text');
          const outside = [...x, ...y, ...bar, ...titles]
            .filter(t => t.corners.some(([px, py]) => px < box[0] - 0.5 || px > box[2] + 0.5 || py < box[1] - 0.5 || py > box[3] + 0.5))
            .map(show);
          return {
            box, xTicks: x.length, yTicks: y.length, barTitles: bar.length,
            outside, xOverlaps: overlaps(x), yOverlaps: overlaps(y), titleOverlaps: overlaps([...x, ...y, ...bar], titles),
            boxes: [...x, ...y, ...bar, ...titles].map(show),
          };
        }
        """;

    public static TheoryData<string, bool, int?> Cases() => new()
    {
        { "cifar10", false, null }, // lesson 02 in a write-up at full width (the figure's own width)
        { "cifar10", true, null },
        { "cifar10", false, 600 }, // a narrower column: the write-up draws a wider figure at the column's width
        { "long", false, null },
        { "long", true, 600 },
        { "cifar10", true, 520 }, // a narrow notebook output area (a notebook fragment fits its figure the same way)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_tick_label_and_the_colour_bar_title_are_inside_the_figure_and_apart(string names, bool normalize, int? column)
    {
        IReadOnlyList<string> classNames = names == "cifar10"
            ? Cifar10.ClassNames
            : ["background", "pedestrian on the crossing", "cyclist", "delivery van parked", "traffic light (red)", "traffic light (green)"];
        int k = classNames.Count;
        int[,] counts = new int[k, k];
        for (int t = 0; t < k; t++)
        {
            for (int p = 0; p < k; p++)
            {
                counts[t, p] = t == p ? 900 + (7 * t) : (3 * t) + p;
            }
        }

        Figure figure = Charts.ConfusionMatrix(counts, classNames, normalize, $"Confusion matrix, step decay F = 0.5, seed 0 (test set)");
        int width = column ?? (int)figure.Layout.Width!.Value;
        JsonElement result = await RenderAsync(figure, width);

        Assert.Equal(k, result.GetProperty("xTicks").GetInt32());
        Assert.Equal(k, result.GetProperty("yTicks").GetInt32());
        Assert.Equal(1, result.GetProperty("barTitles").GetInt32());
        string svg = result.GetProperty("box").ToString();
        Assert.True(result.GetProperty("outside").GetArrayLength() == 0, $"outside the figure {svg}: {result.GetProperty("outside")}");
        Assert.True(result.GetProperty("xOverlaps").GetArrayLength() == 0, $"x tick labels overlap: {result.GetProperty("xOverlaps")}");
        Assert.True(result.GetProperty("yOverlaps").GetArrayLength() == 0, $"y tick labels overlap: {result.GetProperty("yOverlaps")}");
        Assert.True(result.GetProperty("titleOverlaps").GetArrayLength() == 0, $"labels overlap a title: {result.GetProperty("titleOverlaps")}");
    }

    /// <summary>Draws <paramref name="figure"/> as a write-up does: in a column <paramref name="column"/> px wide, a wider figure at the column's width.</summary>
    private async Task<JsonElement> RenderAsync(Figure figure, int column)
    {
        string folder = Directory.CreateTempSubdirectory("nbkit-confusion-").FullName;
        try
        {
            string path = Path.Combine(folder, "page.html");
            File.WriteAllText(path, $$"""
                <!DOCTYPE html><html><head><meta charset="utf-8"><script>{{PlotlyJs.Script}}</script></head>
                <body style="margin:0;font-family:system-ui,sans-serif"><div style="width:{{column}}px">
                <div class="plotly-figure" id="f" style="width:100%;height:{{figure.Layout.Height}}px"></div></div>
                <script>
                var fig = {{figure.ToJson().Replace("</", "<\\/", StringComparison.Ordinal)}};
                var el = document.getElementById("f");
                var layout = fig.layout || {};
                if (layout.width > el.clientWidth && el.clientWidth > 0) { layout = Object.assign({}, layout, { width: el.clientWidth }); }
                Plotly.newPlot(el, fig.data, layout, fig.config || {}).then(function () { el.setAttribute("data-drawn", "1"); });
                </script></body></html>
                """);
            IPage page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1200 } });
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            await page.WaitForSelectorAsync(".plotly-figure[data-drawn]", new PageWaitForSelectorOptions { Timeout = 30_000 });
            JsonElement result = await page.EvaluateAsync<JsonElement>(MeasureScript);
            Assert.Empty(errors);
            await page.CloseAsync();
            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
