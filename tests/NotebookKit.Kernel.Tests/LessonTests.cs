using NotebookKit.Kernel.Tests.Clients;

namespace NotebookKit.Kernel.Tests;

/// <summary>
/// nbclient (Debian's python3-nbclient, the engine behind nbconvert and papermill) executes every lesson unchanged on
/// the kernelspec the lessons name, <c>.net-csharp</c>, which <c>nbkit kernel install --name .net-csharp</c>
/// provides; one injected cell after the parameters cell (papermill's convention) sets quick values, and the kernel
/// runs with <c>NBKIT_CLAIMS=report</c> (see <see cref="Lessons.Environment"/>). The executed
/// lesson is then opened in the classic Notebook in offline Chromium, where every chart it made must draw.
/// </summary>
/// <remarks>One kernel per lesson, as a student opening each lesson gets; the quick values keep all of them to a few
/// minutes, since the lessons run at their defaults in the runner's own lesson tests.</remarks>
[Collection(RealClientsCollection.Name)]
public sealed class LessonTests(InstalledKernel kernel, LessonViewer viewer) : IDisposable, IClassFixture<LessonViewer>
{
    private readonly string scratch = Directory.CreateTempSubdirectory("nbkit-nbclient-").FullName;

    public static TheoryData<string> LessonNames => [.. Lessons.Names()];

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Theory]
    [MemberData(nameof(LessonNames))]
    public async Task Lesson_runs_through_nbclient_and_its_charts_draw_in_the_classic_notebook_offline(string lesson)
    {
        var run = PythonClient.Run("run_lessons.py", [viewer.Folder, Lessons.Argument(lesson, scratch)], Lessons.Environment(kernel),
            TimeSpan.FromMinutes(10));

        var result = run.Json[lesson]!;
        Assert.True((string?)result["status"] == "ok", $"{lesson} failed under nbclient:\n{result["detail"]}\nkernel log:\n{PythonClient.Tail(run.Stderr)}");
        Assert.Equal(".net-csharp", (string?)result["declared_kernel"]);
        Assert.Equal(0, (int?)result["not_executed"]);
        Assert.True(result["errors"]!.AsArray().Count == 0, $"{lesson}: error outputs {result["errors"]!.ToJsonString()}");

        int charts = (int?)result["outputs"]!["application/vnd.plotly.v1+json"] ?? 0;
        Assert.True(charts > 0, $"{lesson} produced no chart: {result["outputs"]!.ToJsonString()}");

        var (page, browser, _) = await viewer.OpenAsync(kernel, lesson + ".ipynb");
        try
        {
            Assert.True(await page.EvaluateAsync<bool>("() => Jupyter.notebook.trusted"), "The executed lesson opened untrusted.");
            Assert.Equal(charts, await ClassicNotebook.FiguresAsync(page));
            await ClassicNotebook.AssertAllDrawnAsync(page, charts, browser, lesson);
        }
        finally
        {
            // Stop the kernel the page started (the server would keep it until it stops).
            await page.EvaluateAsync("() => new Promise(done => Jupyter.notebook.session.delete(done, done))");
            await page.CloseAsync();
        }
    }
}
