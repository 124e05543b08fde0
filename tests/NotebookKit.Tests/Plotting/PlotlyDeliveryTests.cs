using System.Text.Json;
using Microsoft.Playwright;
using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

/// <summary>
/// How notebook figures get plotly.js: inlined once per session by default (offline), a CDN or a URL when asked. The
/// browser tests put fragments in one page, in order, the way a front end shows a notebook's outputs, with every
/// network request refused.
/// </summary>
/// <remarks>The session ("already inlined") is process-wide, so this class runs alone.</remarks>
[Collection(nameof(PlotlyDeliveryTests))]
public sealed class PlotlyDeliveryTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly Figure[] Figures =
    [
        Charts.Bar(["a", "b"], [1, 2], "First"),
        Charts.Lines([1, 2, 3], [new Series("loss", [3, 2, 1])], "Second"),
        Charts.Lines([1, 2, 3], [new Series("lr", [0.1, 0.01, 0.001])], "Third", logY: true),
    ];

    [Fact]
    public void Inline_delivery_carries_plotly_js_with_the_first_figure_of_a_session_only()
    {
        PlotlyJs.Delivery = PlotlyDelivery.Inline;
        PlotlyJs.StartNewSession();
        string[] html = [.. Figures.Select(f => f.ToHtml())];
        Assert.Contains("data-nbkit-plotly=\"" + PlotlyJs.Version + "\"", html[0], StringComparison.Ordinal);
        Assert.Contains("Licensed under the MIT license", html[0], StringComparison.Ordinal);
        Assert.True(html[0].Length > PlotlyJs.Script.Length, "the first figure must hold the whole bundle");
        Assert.All(html.Skip(1), h => Assert.DoesNotContain("data-nbkit-plotly=", h, StringComparison.Ordinal));
        Assert.All(html, h => Assert.DoesNotContain(PlotlyJs.CdnUrl, h, StringComparison.Ordinal));

        PlotlyJs.StartNewSession();
        Assert.Contains("data-nbkit-plotly=", Figures[2].ToHtml(), StringComparison.Ordinal);
    }

    [Fact]
    public void Delivery_cannot_be_null_and_urls_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => PlotlyJs.Delivery = null!);
        var e = Assert.Throws<ArgumentException>(() => PlotlyDelivery.FromUrl("x\"><script>"));
        Assert.Contains("must not contain quotes", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PlotlyDelivery.FromUrl(" "));
        Assert.Contains("plotly.min.js", PlotlyDelivery.FromUrl("plotly.min.js").ToHtmlOf(Figures[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_s_outputs_in_order_draw_every_chart_with_the_network_refused()
    {
        PlotlyJs.Delivery = PlotlyDelivery.Inline;
        PlotlyJs.StartNewSession();
        var (refused, counts, _) = await ShowAsync(Figures.Select(f => f.ToHtml()));
        Assert.Empty(refused);
        Assert.Equal(Figures.Select(f => f.Data.Count), counts);
    }

    [Fact]
    public async Task Later_outputs_rendered_before_the_one_carrying_plotly_js_draw_when_it_arrives()
    {
        // Front ends that render lazily may show a later output first.
        PlotlyJs.Delivery = PlotlyDelivery.Inline;
        PlotlyJs.StartNewSession();
        string[] html = [.. Figures.Select(f => f.ToHtml())];
        var (refused, counts, _) = await ShowAsync([html[1], html[2], html[0]]);
        Assert.Empty(refused);
        Assert.Equal([Figures[1].Data.Count, Figures[2].Data.Count, Figures[0].Data.Count], counts);
    }

    [Fact]
    public async Task Without_the_output_that_carried_plotly_js_a_chart_says_how_to_get_it_back()
    {
        // A saved notebook whose first chart output was cleared: the later ones must say why they cannot draw.
        PlotlyJs.Delivery = PlotlyDelivery.Inline;
        PlotlyJs.StartNewSession();
        string[] html = [.. Figures.Select(f => f.ToHtml())];
        var (refused, counts, notes) = await ShowAsync(html.Skip(1), expectDrawn: false);
        Assert.Empty(refused);
        Assert.All(counts, c => Assert.Equal(0, c));
        Assert.All(notes, n => Assert.Contains("PlotlyJs.StartNewSession()", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cdn_delivery_is_an_opt_in_that_says_so_when_offline()
    {
        try
        {
            PlotlyJs.Delivery = PlotlyDelivery.Cdn;
            var (refused, counts, notes) = await ShowAsync([Figures[0].ToHtml()], expectDrawn: false);
            Assert.Equal([PlotlyJs.CdnUrl], refused);
            Assert.Equal([0], counts);
            Assert.Contains("Could not load plotly.js from " + PlotlyJs.CdnUrl, notes[0], StringComparison.Ordinal);
        }
        finally
        {
            PlotlyJs.Delivery = PlotlyDelivery.Inline;
        }
    }

    /// <summary>Shows the fragments in one page, refusing every request; returns refused URLs, traces drawn per chart and notes.</summary>
    private async Task<(List<string> Refused, int[] Drawn, string[] Notes)> ShowAsync(IEnumerable<string> fragments, bool expectDrawn = true)
    {
        IPage page = await chromium.Browser.NewPageAsync();
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
            string body = string.Concat(fragments.Select(f => $"<div class=\"output\">{f}</div>\n"));
            await page.SetContentAsync($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"width:900px\">{body}</body></html>");
            int charts = await page.EvaluateAsync<int>("() => document.querySelectorAll('.nbkit-plot').length");
            if (expectDrawn)
            {
                await page.WaitForFunctionAsync($"() => document.querySelectorAll('.nbkit-plot .main-svg').length >= {charts}", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            }
            else
            {
                // The notes are final once no chart still says it is loading (a refused script fires its error event).
                await page.WaitForFunctionAsync(
                    "() => Array.from(document.querySelectorAll('.nbkit-plot-note')).every(p => !/^(Loading|Interactive chart)/.test(p.textContent))",
                    null,
                    new PageWaitForFunctionOptions { Timeout = 30_000 });
            }

            JsonElement state = await page.EvaluateAsync<JsonElement>("""
                () => Array.from(document.querySelectorAll('.nbkit-plot')).map(el => ({
                  drawn: el.querySelectorAll('.cartesianlayer g.trace, .cartesianlayer g.hm').length,
                  note: (el.querySelector('.nbkit-plot-note') || {}).textContent || '',
                }))
                """);
            Assert.Empty(errors);
            return (refused,
                [.. state.EnumerateArray().Select(e => e.GetProperty("drawn").GetInt32())],
                [.. state.EnumerateArray().Select(e => e.GetProperty("note").GetString() ?? "")]);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}

/// <summary>Runs <see cref="PlotlyDeliveryTests"/> alone: the delivery and the session are process-wide.</summary>
[CollectionDefinition(nameof(PlotlyDeliveryTests), DisableParallelization = true)]
public sealed class PlotlyDeliveryCollection;

internal static class PlotlyDeliveryTestExtensions
{
    public static string ToHtmlOf(this PlotlyDelivery delivery, Figure figure) => figure.ToHtml(delivery);
}
