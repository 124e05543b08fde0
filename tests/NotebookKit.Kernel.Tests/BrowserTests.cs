using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using NotebookKit.Kernel.Tests.Clients;

namespace NotebookKit.Kernel.Tests;

/// <summary>
/// The classic Jupyter Notebook server (Debian's jupyter-notebook) on 127.0.0.1 and a free port, driven by headless
/// Chromium (Playwright with /usr/bin/chromium) with every request that leaves 127.0.0.1 blocked: open a lesson,
/// run all, and see every chart drawn. One lesson, since the nbclient tests already run them all.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class BrowserTests(InstalledKernel kernel) : IDisposable
{
    private const string Lesson = "04-cyclical-learning-rates";

    private readonly string folder = Directory.CreateTempSubdirectory("nbkit-notebook-server-").FullName;
    private Process? server;

    public void Dispose()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }

        server?.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Classic_notebook_runs_a_lesson_and_draws_its_charts_offline()
    {
        PrepareLesson();
        int port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={port}",
                     "--port-retries=0", "--NotebookApp.token=", "--NotebookApp.password=", $"--NotebookApp.notebook_dir={folder}" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in kernel.Environment(".net-csharp"))
        {
            start.Environment[key] = value;
        }

        server = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var blocked = new List<string>();
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

        await WaitForServer(port, log);
        await page.GotoAsync($"http://127.0.0.1:{port}/notebooks/{Lesson}.ipynb");
        await page.WaitForFunctionAsync("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        Assert.Equal(".net-csharp", await page.EvaluateAsync<string>("() => Jupyter.notebook.kernel.name"));

        await page.EvaluateAsync("() => Jupyter.notebook.execute_all_cells()");
        await page.WaitForFunctionAsync(
            """
            () => Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')
                    .every(c => typeof c.input_prompt_number === 'number')
                  || document.querySelectorAll('.output_error').length > 0
            """, null, new PageWaitForFunctionOptions { Timeout = 600_000, PollingInterval = 1000 });

        string errors = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.output_error')].map(e => e.innerText).join('\\n')");
        Assert.True(errors.Length == 0, $"A cell failed in the browser:\n{errors}\nserver log:\n{PythonClient.Tail(log.ToString())}");

        // Every chart output is a drawn plotly graph (an SVG plot inside .js-plotly-plot), without any network.
        // The notebook model keeps every mime type of an output, also those the page does not render.
        int figures = await page.EvaluateAsync<int>(
            "() => Jupyter.notebook.get_cells().flatMap(c => c.output_area ? c.output_area.outputs : [])" +
            ".filter(o => o.data && o.data['application/vnd.plotly.v1+json']).length");
        Assert.True(figures > 0, "The lesson showed no figure.");
        try
        {
            await page.WaitForFunctionAsync(
                "n => document.querySelectorAll('.output_area .js-plotly-plot svg.main-svg').length >= n", figures,
                new PageWaitForFunctionOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            string shown = await page.EvaluateAsync<string>(
                "() => [...document.querySelectorAll('.output_html')].map(e => e.innerText.trim()).filter(t => t).slice(0, 5).join(' | ')");
            Assert.Fail($"The lesson makes {figures} figures, but only " +
                $"{await page.EvaluateAsync<int>("() => document.querySelectorAll('.output_area .js-plotly-plot svg.main-svg').length")} were drawn. " +
                $"Requests blocked for leaving 127.0.0.1: {string.Join(", ", blocked.Distinct())}. Chart outputs say: {shown}");
        }
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
            ["source"] = "Epochs = 2;\nTrainPerClass = 30;\nTestPerClass = 20;\nRangeTestIterations = 30;\nThreads = 2;",
        });
        File.WriteAllText(Path.Combine(folder, Lesson + ".ipynb"), notebook.ToJsonString());
    }

    private async Task WaitForServer(int port, System.Text.StringBuilder log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (server!.HasExited)
            {
                throw new InvalidOperationException($"jupyter notebook exited ({server.ExitCode}):\n{log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"jupyter notebook did not answer on port {port}:\n{log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
