using System.Text.Json.Nodes;
using NotebookKit.Kernel.Tests.Clients;

namespace NotebookKit.Kernel.Tests;

/// <summary>
/// nbclient (Debian's python3-nbclient, the engine behind nbconvert and papermill) executes every lesson unchanged on
/// the kernelspec the lessons name, <c>.net-csharp</c>, which <c>nbkit kernel install --name .net-csharp</c>
/// provides; one injected cell after the parameters cell (papermill's convention) sets quick values.
/// </summary>
/// <remarks>One kernel per lesson, as a student opening each lesson gets; the quick values keep all of them to a few
/// minutes, since the lessons also run at their defaults elsewhere in CI.</remarks>
[Collection(RealClientsCollection.Name)]
public sealed class LessonTests(InstalledKernel kernel) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("nbkit-nbclient-").FullName;

    public static TheoryData<string> LessonNames => [.. Lessons.Names()];

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Theory]
    [MemberData(nameof(LessonNames))]
    public void Lesson_runs_through_nbclient_with_charts(string lesson)
    {
        var run = PythonClient.Run("run_lessons.py", [scratch, Lessons.Argument(lesson, scratch)], kernel.Environment(".net-csharp"),
            TimeSpan.FromMinutes(10));

        var result = run.Json[lesson]!;
        Assert.True((string?)result["status"] == "ok", $"{lesson} failed under nbclient:\n{result["detail"]}\nkernel log:\n{PythonClient.Tail(run.Stderr)}");
        Assert.Equal(".net-csharp", (string?)result["declared_kernel"]);
        var outputs = result["outputs"]!.AsObject();
        Assert.Null(outputs["error"]);
        Assert.True(((int?)outputs["application/vnd.plotly.v1+json"] ?? (int?)outputs["text/html"] ?? 0) > 0,
            $"{lesson} produced no chart: {outputs.ToJsonString()}");
        Assert.True(File.Exists(Path.Combine(scratch, lesson + ".ipynb")));
    }
}
