using Microsoft.Playwright;
using NotebookKit.Images;
using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

/// <summary>One Chromium (the system's, never downloaded) and one image exporter per test class.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public FigureImageExporter Exporter { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumLocator.Find(),
            Args = [.. FigureImageExporter.LaunchArguments],
        });
        Exporter = await FigureImageExporter.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Exporter.DisposeAsync();
        await Browser.CloseAsync();
        playwright?.Dispose();
    }
}
