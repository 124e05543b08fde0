using Microsoft.Playwright;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>What a test reads from a notebook open in the classic Notebook's page (its <c>Jupyter.notebook</c> model and DOM).</summary>
internal static class ClassicNotebook
{
    /// <summary>Opens the notebook and waits until the page has loaded it and its kernel is connected.</summary>
    public static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync(
            "() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });
    }

    /// <summary>Chart outputs in the notebook model (it keeps every mime type of an output, also those the page does not render).</summary>
    public static Task<int> FiguresAsync(IPage page) => page.EvaluateAsync<int>(
        "() => Jupyter.notebook.get_cells().flatMap(c => c.output_area ? c.output_area.outputs : [])" +
        ".filter(o => o.data && o.data['application/vnd.plotly.v1+json']).length");

    /// <summary>Plotly graphs on the page that plotly.js has drawn (an SVG plot inside the graph's div).</summary>
    public static Task<int> DrawnAsync(IPage page) => page.EvaluateAsync<int>(
        "() => [...document.querySelectorAll('.output_area .js-plotly-plot')].filter(d => d.querySelector('svg.main-svg')).length");

    /// <summary>Waits until every figure is drawn; fails naming what was drawn, what was blocked, and what the chart outputs say.</summary>
    public static async Task AssertAllDrawnAsync(IPage page, int figures, OfflineBrowser browser, string what)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "n => [...document.querySelectorAll('.output_area .js-plotly-plot')].filter(d => d.querySelector('svg.main-svg')).length >= n",
                figures, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 500 });
        }
        catch (TimeoutException)
        {
            string shown = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('.output_html')].map(e => e.innerText.trim()).filter(t => t).slice(0, 5).join(' | ')");
            Assert.Fail($"{what} has {figures} figures, but only {await DrawnAsync(page)} were drawn. " +
                $"Requests blocked for leaving 127.0.0.1: {string.Join(", ", browser.Blocked)}. Chart outputs say: {shown}");
        }
    }

    /// <summary>Every error output in the notebook model (name: value); empty when there is none.</summary>
    public static Task<string> ErrorsAsync(IPage page) => page.EvaluateAsync<string>(
        "() => Jupyter.notebook.get_cells().flatMap(c => c.output_area ? c.output_area.outputs : [])" +
        ".filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue).join('\\n')");
}
