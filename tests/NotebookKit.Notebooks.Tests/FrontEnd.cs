using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NotebookKit.Images;

namespace NotebookKit.Notebooks.Tests;

/// <summary>The system's headless Chromium (never downloaded), shared by a test class or collection.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumLocator.Find(),
            Args = [.. FigureImageExporter.LaunchArguments],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
    }
}

/// <summary>What a page showed: requests it tried (all refused), script errors, and per chart the traces drawn and its note.</summary>
public sealed record PageReport(IReadOnlyList<string> Refused, IReadOnlyList<string> Errors, IReadOnlyList<ChartReport> Charts);

/// <summary>One chart div: traces expected (from its figure), traces drawn, and the note it shows when it cannot draw.</summary>
public sealed record ChartReport(int Expected, int Drawn, string Note);

/// <summary>What a write-up showed a reader: its charts and requests, plus text left as raw TeX and elements wider than their box.</summary>
public sealed record WriteupReport(PageReport Page, IReadOnlyList<string> RawTex, IReadOnlyList<string> Overflowing, int Formulas, int Typeset,
    IReadOnlyList<string> ChartTextOverlaps);

/// <summary>Shows notebook outputs the way a front end does, with every network request refused.</summary>
internal static class FrontEnd
{
    /// <summary>The JavaScript that reports every chart div (<c>.nbkit-plot</c> from text/html, <c>.plotly-figure</c> in write-ups).</summary>
    public const string ChartsScript = """
        () => Array.from(document.querySelectorAll('.nbkit-plot, .plotly-figure')).map(el => ({
          expected: (el.data || []).length,
          drawn: el.querySelectorAll('.cartesianlayer g.trace, .cartesianlayer g.hm').length,
          note: el.textContent.trim().slice(0, 400),
        }))
        """;

    /// <summary>
    /// For every drawn chart, the pairs of its text boxes that overlap: title, legend, axis titles, labels above the
    /// plot and the plotly toolbar (its box exists while hidden), and tick labels of one axis among themselves.
    /// </summary>
    public const string ChartTextOverlapsScript = """
        () => {
          const problems = [];
          const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
          const boxes = (root, selector, label) => Array.from(root.querySelectorAll(selector))
            .map(e => [typeof label === 'function' ? label(e) : label, e.getBoundingClientRect()])
            .filter(([, r]) => r.width > 0 && r.height > 0);
          document.querySelectorAll('.plotly-figure, .nbkit-plot').forEach((chart, i) => {
            if (!chart.querySelector('.main-svg')) return;
            const name = ((chart.querySelector('.gtitle') || {}).textContent || '').slice(0, 50) || `chart ${i + 1}`;
            const parts = [
              ...boxes(chart, '.gtitle', 'title'),
              ...boxes(chart, '.legend rect.bg', 'legend'),
              ...boxes(chart, 'text[class$="title"]:not(.gtitle)', e => 'axis title ' + e.textContent),
              ...boxes(chart, 'g.annotation', e => 'label ' + e.textContent),
              ...boxes(chart, '.modebar', 'toolbar'),
            ];
            for (let a = 0; a < parts.length; a++)
              for (let b = a + 1; b < parts.length; b++)
                if (hit(parts[a][1], parts[b][1])) problems.push(`${name}: ${parts[a][0]} overlaps ${parts[b][0]}`);
            // Tick labels: never over a title, a legend or a label; within one axis, never over each other (rotated
            // labels are skipped there: their bounding boxes overlap even when the glyphs do not).
            const axes = new Map();
            chart.querySelectorAll('g[class$="tick"] text').forEach(t => {
              const r = t.getBoundingClientRect();
              if (!(r.width > 0)) return;
              parts.forEach(([what, box]) => { if (hit(r, box)) problems.push(`${name}: tick label ${t.textContent} overlaps ${what}`); });
              if (/rotate/.test(t.getAttribute('transform') || '')) return;
              const key = t.parentElement.getAttribute('class');
              if (!axes.has(key)) axes.set(key, []);
              axes.get(key).push([t.textContent, r]);
            });
            axes.forEach((ticks, axis) => {
              for (let a = 0; a < ticks.length; a++)
                for (let b = a + 1; b < ticks.length; b++)
                  if (hit(ticks[a][1], ticks[b][1])) problems.push(`${name}: ${axis} labels ${ticks[a][0]} and ${ticks[b][0]} overlap`);
            });
          });
          return problems;
        }
        """;

    /// <summary>
    /// Every output of the executed notebook, in order, in one page, as a notebook front end shows them: text/html as
    /// is, otherwise text/plain escaped (a front end that has no plotly renderer uses the text/html of a figure).
    /// </summary>
    public static string OutputsPage(Notebook executed)
    {
        var body = new StringBuilder();
        foreach (var cell in executed.Cells.Where(c => c.CellType == CellType.Code))
        {
            foreach (var output in cell.Outputs)
            {
                string piece = output.TextOf(MimeTypes.Html) is { } html ? html
                    : output.OutputType is OutputType.Stream ? $"<pre>{WebUtility.HtmlEncode(output.Text)}</pre>"
                    : output.TextOf(MimeTypes.Text) is { } text ? $"<pre>{WebUtility.HtmlEncode(text)}</pre>"
                    : "";
                body.Append("<div class=\"output\">").Append(piece).Append("</div>\n");
            }
        }

        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"max-width:900px\">{body}</body></html>";
    }

    /// <summary>Loads <paramref name="html"/> with every request refused, waits until every chart drew (or said why not).</summary>
    public static async Task<PageReport> ShowAsync(IBrowser browser, string html, string? screenshot = null, int width = 1000)
    {
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        try
        {
            var refused = new List<string>();
            await page.RouteAsync("**/*", async route =>
            {
                lock (refused)
                {
                    refused.Add(route.Request.Url);
                }

                await route.AbortAsync();
            });
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.SetContentAsync(html, new PageSetContentOptions { Timeout = 120_000 });
            await page.WaitForFunctionAsync(
                """
                () => Array.from(document.querySelectorAll('.nbkit-plot, .plotly-figure')).every(el =>
                  el.querySelector('.main-svg') || /Could not load|not on this page|did not load|Waiting for plotly/.test(el.textContent))
                """,
                null,
                new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 200 });
            JsonElement charts = await page.EvaluateAsync<JsonElement>(ChartsScript);
            if (screenshot is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            }

            return new PageReport(refused, errors, [.. charts.EnumerateArray().Select(c => new ChartReport(
                c.GetProperty("expected").GetInt32(), c.GetProperty("drawn").GetInt32(), c.GetProperty("note").GetString() ?? ""))]);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>
    /// Opens a write-up file with every request but the file itself refused, at a notebook-like width, and reports
    /// its charts, raw TeX left in prose (text outside code, scripts and typeset math that still holds <c>$</c> or a
    /// TeX command), and elements whose content is wider than their box (a horizontal scrollbar or clipped text).
    /// </summary>
    public static async Task<WriteupReport> InspectWriteupAsync(IBrowser browser, string path, string? screenshot = null, int width = 1000)
    {
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 1000 } });
        try
        {
            string self = new Uri(path).AbsoluteUri;
            var refused = new List<string>();
            await page.RouteAsync("**/*", async route =>
            {
                if (route.Request.Url == self)
                {
                    await route.ContinueAsync();
                    return;
                }

                lock (refused)
                {
                    refused.Add(route.Request.Url);
                }

                await route.AbortAsync();
            });
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync(self, new PageGotoOptions { Timeout = 120_000 });
            await page.WaitForFunctionAsync(
                "() => Array.from(document.querySelectorAll('.plotly-figure')).every(el => el.querySelector('.main-svg') || /did not load/.test(el.textContent))",
                null,
                new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 200 });
            JsonElement charts = await page.EvaluateAsync<JsonElement>(ChartsScript);
            JsonElement overlaps = await page.EvaluateAsync<JsonElement>(ChartTextOverlapsScript);
            JsonElement found = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const skip = 'script, style, pre, code, .katex, .plotly-figure, title';
                  const rawTex = [];
                  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                    if (n.parentElement.closest(skip)) continue;
                    if (/\$|\\[a-zA-Z]+|\\\(|\\\[/.test(n.textContent)) rawTex.push(n.textContent.trim().slice(0, 160));
                  }
                  const overflowing = [];
                  const root = document.documentElement;
                  if (root.scrollWidth > root.clientWidth + 1) overflowing.push(`page: ${root.scrollWidth} > ${root.clientWidth}`);
                  for (const el of document.querySelectorAll('body *')) {
                    if (el.closest('.plotly-figure, script, style') || el.parentElement.closest('.katex')) continue;
                    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).display !== 'inline') {
                      overflowing.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}: ${el.textContent.trim().slice(0, 80)}`);
                    }
                  }
                  return {
                    rawTex, overflowing,
                    formulas: document.querySelectorAll('.math[data-tex]').length,
                    typeset: document.querySelectorAll('.math[data-tex] > .katex, .math[data-tex] > .katex-display').length,
                  };
                }
                """);
            if (screenshot is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            }

            var report = new PageReport(refused, errors, [.. charts.EnumerateArray().Select(c => new ChartReport(
                c.GetProperty("expected").GetInt32(), c.GetProperty("drawn").GetInt32(), c.GetProperty("note").GetString() ?? ""))]);
            return new WriteupReport(report,
                [.. found.GetProperty("rawTex").EnumerateArray().Select(e => e.GetString() ?? "")],
                [.. found.GetProperty("overflowing").EnumerateArray().Select(e => e.GetString() ?? "")],
                found.GetProperty("formulas").GetInt32(),
                found.GetProperty("typeset").GetInt32(),
                [.. overlaps.EnumerateArray().Select(e => e.GetString() ?? "")]);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Asserts the write-up drew every chart offline, typeset every formula, left no raw TeX and nothing too wide.</summary>
    public static void AssertReadable(WriteupReport report, string what)
    {
        AssertAllDrawn(report.Page, what);
        Assert.True(report.Formulas == report.Typeset, $"{what}: {report.Typeset} of {report.Formulas} formulas typeset");
        Assert.True(report.RawTex.Count == 0, $"{what}: raw TeX left in the page: {string.Join(" | ", report.RawTex)}");
        Assert.True(report.Overflowing.Count == 0, $"{what}: wider than their box: {string.Join(" | ", report.Overflowing)}");
        Assert.True(report.ChartTextOverlaps.Count == 0, $"{what}: chart text overlaps: {string.Join(" | ", report.ChartTextOverlaps)}");
    }

    /// <summary>Asserts the page drew every chart with all its traces, made no request and raised no script error.</summary>
    public static void AssertAllDrawn(PageReport report, string what)
    {
        Assert.True(report.Refused.Count == 0, $"{what}: requests refused: {string.Join(", ", report.Refused)}");
        Assert.True(report.Errors.Count == 0, $"{what}: script errors: {string.Join(" | ", report.Errors)}");
        Assert.NotEmpty(report.Charts);
        for (int i = 0; i < report.Charts.Count; i++)
        {
            var chart = report.Charts[i];
            Assert.True(chart.Expected > 0 && chart.Drawn == chart.Expected,
                $"{what}: chart {i + 1} of {report.Charts.Count} drew {chart.Drawn} of {chart.Expected} traces ({chart.Note})");
        }
    }
}
