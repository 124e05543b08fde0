using Microsoft.Playwright;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>
/// Headless Chromium (Playwright driving /usr/bin/chromium) whose pages may load only from 127.0.0.1 (and data:/blob:
/// URLs): every other request is refused and recorded, so a chart that needs the network does not draw.
/// </summary>
public sealed class OfflineBrowser : IAsyncDisposable
{
    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly List<string> blocked = [];

    private OfflineBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    /// <summary>Every request refused so far for leaving 127.0.0.1.</summary>
    public IReadOnlyList<string> Blocked
    {
        get
        {
            lock (blocked)
            {
                return [.. blocked.Distinct()];
            }
        }
    }

    public static async Task<OfflineBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new OfflineBrowser(playwright, browser);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await browser.NewPageAsync();
        await page.RouteAsync("**/*", async route =>
        {
            var uri = new Uri(route.Request.Url);
            if (uri.Scheme is "data" or "blob" || uri.Host == "127.0.0.1")
            {
                await route.ContinueAsync();
                return;
            }

            lock (blocked)
            {
                blocked.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
