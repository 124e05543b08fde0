using NotebookKit.Images;

namespace NotebookKit.Tests.Images;

/// <summary>The DevTools client that replaces a browser driver: evaluates in a blank page, makes no request, says why it fails.</summary>
public class DevToolsBrowserTests
{
    [Fact]
    public async Task Evaluates_awaited_scripts_in_a_blank_page_and_reports_page_errors_by_their_text()
    {
        await using var browser = await DevToolsBrowser.StartAsync(ChromiumLocator.Find(), FigureImageExporter.LaunchArguments);

        Assert.Equal("about:blank", await browser.EvaluateAsync("location.href"));
        Assert.Equal("6", await browser.EvaluateAsync("new Promise(r => setTimeout(() => r(String(2 * 3)), 10))"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => browser.EvaluateAsync("(() => { throw new Error('no such figure'); })()"));
        Assert.Contains("no such figure", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_makes_no_network_request_while_plotly_renders()
    {
        await using var exporter = await FigureImageExporter.StartAsync();
        // Resource timing lists every request the page made (scripts, fonts, images); plotly.js is inline.
        byte[] png = await exporter.ToPngAsync("{\"data\":[{\"type\":\"scatter\",\"y\":[1,3,2]}],\"layout\":{\"title\":{\"text\":\"t\"}}}", 200, 150);
        Assert.True(png.Length > 100);
        var field = typeof(FigureImageExporter).GetField("browser", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var browser = (DevToolsBrowser)field.GetValue(exporter)!;
        Assert.Equal("0", await browser.EvaluateAsync("String(performance.getEntriesByType('resource').length)"));
    }

    [Fact]
    public async Task A_browser_that_does_not_start_is_a_clear_error_naming_it()
    {
        string fake = Path.Combine(Directory.CreateTempSubdirectory("nbkit-fake-chromium-").FullName, "chromium");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DevToolsBrowser.StartAsync(fake, []));

        Assert.Contains($"Chromium '{fake}' exited before it was ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot open display", error.Message, StringComparison.Ordinal);
    }
}
