using Microsoft.Playwright;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>
/// A folder of executed lessons served by the classic Notebook and looked at in offline Chromium: both start on first
/// use (they need the installed kernelspec) and are stopped when the test class ends.
/// </summary>
public sealed class LessonViewer : IAsyncLifetime
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private NotebookServer? server;
    private OfflineBrowser? browser;

    public string Folder { get; } = Directory.CreateTempSubdirectory("nbkit-executed-lessons-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Opens <paramref name="fileName"/> from <see cref="Folder"/> in a new page, its kernel connected.</summary>
    public async Task<(IPage Page, OfflineBrowser Browser, NotebookServer Server)> OpenAsync(InstalledKernel kernel, string fileName)
    {
        await gate.WaitAsync();
        try
        {
            server ??= await NotebookServer.StartAsync(Folder, Lessons.Environment(kernel));
            browser ??= await OfflineBrowser.LaunchAsync();
        }
        finally
        {
            gate.Release();
        }

        var page = await browser.NewPageAsync();
        await ClassicNotebook.OpenAsync(page, server.NotebookUrl(fileName));
        return (page, browser, server);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        server?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
