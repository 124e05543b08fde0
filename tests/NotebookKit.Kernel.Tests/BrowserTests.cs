using System.Text.Json.Nodes;
using Microsoft.Playwright;
using NotebookKit.Kernel.Tests.Clients;

namespace NotebookKit.Kernel.Tests;

/// <summary>
/// The classic Jupyter Notebook server (Debian's jupyter-notebook) on 127.0.0.1 and a free port, driven by headless
/// Chromium with every request that leaves 127.0.0.1 blocked: open a lesson, run all, and see every chart drawn.
/// One lesson run live here; every lesson's nbclient run is also opened in this front end (<see cref="LessonTests"/>).
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class BrowserTests(InstalledKernel kernel) : IDisposable
{
    private const string Lesson = "04-cyclical-learning-rates";

    private readonly string folder = Directory.CreateTempSubdirectory("nbkit-notebook-server-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Classic_notebook_runs_a_lesson_and_draws_its_charts_offline()
    {
        PrepareLesson();
        using var server = await NotebookServer.StartAsync(folder, Lessons.Environment(kernel));
        await using var browser = await OfflineBrowser.LaunchAsync();
        var page = await browser.NewPageAsync();

        await ClassicNotebook.OpenAsync(page, server.NotebookUrl(Lesson + ".ipynb"));
        Assert.Equal(".net-csharp", await page.EvaluateAsync<string>("() => Jupyter.notebook.kernel.name"));

        await page.EvaluateAsync("() => Jupyter.notebook.execute_all_cells()");
        await page.WaitForFunctionAsync(
            """
            () => Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')
                    .every(c => typeof c.input_prompt_number === 'number')
                  || document.querySelectorAll('.output_error').length > 0
            """, null, new PageWaitForFunctionOptions { Timeout = 600_000, PollingInterval = 1000 });

        string errors = await ClassicNotebook.ErrorsAsync(page);
        Assert.True(errors.Length == 0, $"A cell failed in the browser:\n{errors}\nserver log:\n{PythonClient.Tail(server.Log)}");

        int figures = await ClassicNotebook.FiguresAsync(page);
        Assert.True(figures > 0, "The lesson showed no figure.");
        await ClassicNotebook.AssertAllDrawnAsync(page, figures, browser, Lesson);
    }

    /// <summary>The lesson copied beside the server with quick values injected after its parameters cell (papermill's way).</summary>
    private void PrepareLesson()
    {
        string source = Path.Combine(Lessons.RepositoryRoot, "notebooks", Lesson + ".ipynb");
        var notebook = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        var cells = notebook["cells"]!.AsArray();
        int index = cells.Select((c, i) => (c, i))
            .First(p => p.c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true).i;
        cells.Insert(index + 1, new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = "injected-parameters",
            ["metadata"] = new JsonObject { ["tags"] = new JsonArray("injected-parameters") },
            ["outputs"] = new JsonArray(),
            ["source"] = Lessons.InjectedSource(Lesson, Source(cells[index]!), folder),
        });
        File.WriteAllText(Path.Combine(folder, Lesson + ".ipynb"), notebook.ToJsonString());
    }

    private static string Source(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        var text => (string?)text ?? "",
    };
}
