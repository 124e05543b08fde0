using System.Text.Json;
using Microsoft.Playwright;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

/// <summary>Real Chromium: every sample figure draws all its traces offline (PNG/SVG export: Images/FigureImagesTests).</summary>
public class BrowserRenderingTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // Every drawn trace leaves one of these groups: scatter/bar/histogram `g.trace`, heatmap `g.hm` in the image layer.
    private const string CountTracesScript = """
        () => Array.from(document.querySelectorAll('.nbkit-plot')).map(el => ({
          expected: (el.data || []).length,
          drawn: el.querySelectorAll('.cartesianlayer g.trace, .cartesianlayer g.hm').length,
        }))
        """;

    [Fact]
    public async Task Offline_page_draws_every_trace_of_every_figure_without_network()
    {
        IReadOnlyList<(string Name, Figure Figure)> samples = SampleFigures.All();
        var items = new List<IHtmlDisplayable> { HtmlBlock.Paragraph("All sample charts, rendered offline.") };
        foreach ((string name, Figure figure) in samples)
        {
            items.Add(HtmlBlock.Heading(name));
            items.Add(figure);
        }

        string folder = Path.Combine(JsonSnapshot.RepoRoot(), "artifacts", "plotting");
        Directory.CreateDirectory(folder);
        string pagePath = Path.Combine(folder, "sample-charts.html");
        OfflinePage.Save(pagePath, "NotebookKit sample charts", items);

        await using IBrowserContext context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 800 } });
        IPage page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync(new Uri(pagePath).AbsoluteUri);
        await page.WaitForFunctionAsync(
            $"() => document.querySelectorAll('.nbkit-plot .main-svg').length >= {samples.Count}",
            null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });

        JsonElement counts = await page.EvaluateAsync<JsonElement>(CountTracesScript);
        Assert.Empty(errors);
        Assert.Equal(samples.Count, counts.GetArrayLength());
        for (int i = 0; i < samples.Count; i++)
        {
            int expected = samples[i].Figure.Data.Count;
            Assert.Equal(expected, counts[i].GetProperty("expected").GetInt32());
            Assert.True(
                counts[i].GetProperty("drawn").GetInt32() == expected,
                $"{samples[i].Name}: drew {counts[i].GetProperty("drawn").GetInt32()} of {expected} traces");
        }

        // Nothing but the page itself: plotly.js is inlined, the CDN fallback never runs.
        Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "sample-charts.png"), FullPage = true });
    }

    [Fact]
    public async Task Fragment_waits_for_plotly_inlined_later_in_the_page_instead_of_the_cdn()
    {
        // A write-up page may put the inlined plotly.js after the figures; the fragment must not go online.
        Figure figure = SampleFigures.All().Single(f => f.Name == "training-history").Figure;
        string html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{figure.ToHtml()}<script>{PlotlyJs.Script}</script></body></html>";
        string path = Path.Combine(Directory.CreateTempSubdirectory("nbkit-late-").FullName, "late.html");
        File.WriteAllText(path, html);
        try
        {
            IPage page = await chromium.Browser.NewPageAsync();
            var requests = new List<string>();
            page.Request += (_, r) => requests.Add(r.Url);
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.nbkit-plot .main-svg').length > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            JsonElement counts = await page.EvaluateAsync<JsonElement>(CountTracesScript);
            Assert.Equal(figure.Data.Count, counts[0].GetProperty("drawn").GetInt32());
            Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Theory]
    [InlineData(480)]
    [InlineData(620)]
    public async Task Fixed_width_figure_in_a_narrower_output_area_is_drawn_at_the_area_width(int area)
    {
        // A confusion matrix has a fixed width (720 px for CIFAR-10's names); a notebook's output area may be narrower.
        int[,] counts = new int[10, 10];
        for (int i = 0; i < 10; i++)
        {
            counts[i, i] = 900;
            counts[i, (i + 1) % 10] = 40;
        }

        Figure figure = Charts.ConfusionMatrix(counts, NotebookKit.Data.Cifar10.ClassNames, normalize: false, "Confusion matrix");
        Assert.True(figure.Layout.Width > area, $"the sample must be wider than the area: {figure.Layout.Width}");
        string html = $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>{PlotlyJs.Script}</script></head>"
            + $"<body style=\"margin:0\"><div id=\"area\" style=\"width:{area}px\">{figure.ToHtml()}</div></body></html>";
        string path = Path.Combine(Directory.CreateTempSubdirectory("nbkit-narrow-").FullName, "narrow.html");
        File.WriteAllText(path, html);
        try
        {
            IPage page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.nbkit-plot .main-svg').length > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            JsonElement size = await page.EvaluateAsync<JsonElement>("""
                () => ({
                  svg: document.querySelector('.nbkit-plot svg.main-svg').getBoundingClientRect().width,
                  area: document.getElementById('area').getBoundingClientRect().width,
                  ticks: document.querySelectorAll('.nbkit-plot g.xtick text').length,
                })
                """);
            Assert.Empty(errors);
            Assert.Equal(area, size.GetProperty("area").GetDouble());
            Assert.True(size.GetProperty("svg").GetDouble() <= area, $"drawn {size.GetProperty("svg").GetDouble()} px wide in a {area} px area");
            Assert.Equal(10, size.GetProperty("ticks").GetInt32());
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
