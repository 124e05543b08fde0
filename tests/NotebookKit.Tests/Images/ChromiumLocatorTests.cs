using NotebookKit.Images;

namespace NotebookKit.Tests.Images;

public class ChromiumLocatorTests
{
    [Fact]
    public void A_missing_explicit_browser_gives_a_clear_error()
    {
        var e = Assert.Throws<BrowserNotFoundException>(() => ChromiumLocator.Find("/nonexistent/chromium"));
        Assert.Contains("/nonexistent/chromium", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporter_start_fails_clearly_without_a_browser()
    {
        var e = await Assert.ThrowsAsync<BrowserNotFoundException>(() => FigureImageExporter.StartAsync("/nonexistent/chromium"));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }
}
