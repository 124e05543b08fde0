using NotebookKit.Claims;

namespace NotebookKit.Notebooks.Tests.FileApps;

/// <summary>
/// Every lesson source runs as a .NET 10 file-based app, as docs/notebooks.md tells a student to run it
/// (<c>dotnet run lessons/NAME.cs -- Name=value ... --out DIR</c>): it builds, runs every cell and writes the executed
/// notebook and the write-up.
/// </summary>
/// <remarks>
/// A smoke run, so the parameters are toy-sized (one epoch on a few images) and the run cannot support what the lesson
/// teaches: <c>NBKIT_CLAIMS=report</c> shows unsupported claims instead of failing on them. The lessons' claims are
/// checked at their defaults by <see cref="NotebooksRunTests"/>. Builds share the projects' output folders with
/// <see cref="FileAppTests"/>, hence the same collection.
/// </remarks>
[Collection(nameof(FileAppTests))]
public sealed class LessonFileAppTests
{
    private static readonly TimeSpan BuildAndRun = TimeSpan.FromMinutes(10);

    /// <summary>Each lesson with parameters that make its run a few seconds of training.</summary>
    public static TheoryData<string, string[]> QuickRuns => new()
    {
        { "03-weight-decay-l2-adamw", ["Epochs=1", "TrainPerClass=10", "ValidationPerClass=10", "TestPerClass=10", "GridSeedCount=1", "SeedCount=2"] },
        { "04-cyclical-learning-rates", ["Epochs=1", "TrainPerClass=20", "ValidationPerClass=10", "TestPerClass=10", "RangeTestIterations=20", "SeedCount=2"] },
    };

    [Theory]
    [MemberData(nameof(QuickRuns))]
    public void Lesson_runs_as_a_file_based_app_and_writes_its_notebook_and_write_up(string name, string[] quick)
    {
        string output = TestNotebooks.TempFolder();
        var run = DotnetProcess.Run(
            "dotnet",
            Repository.Root,
            BuildAndRun,
            ["run", Path.Combine("lessons", name + ".cs"), "--", .. quick, "Threads=2", "--out", output],
            new Dictionary<string, string> { [Claim.ModeVariable] = "report" });

        Assert.True(run.ExitCode == 0, $"{name} exited with {run.ExitCode}:{Environment.NewLine}{run.Output}");
        var lesson = Notebook.Load(Path.Combine(Repository.Root, "notebooks", name + ".ipynb"));
        int codeCells = lesson.Cells.Count(c => c.CellType == CellType.Code);
        Assert.Contains($"{name}: {codeCells} code cells ran", run.Stdout, StringComparison.Ordinal);

        string ipynb = Path.Combine(output, name + ".ipynb");
        string html = Path.Combine(output, name + ".html");
        Assert.True(File.Exists(ipynb), $"{ipynb} was not written");
        Assert.True(File.Exists(html), $"{html} was not written");
        Assert.Null(TestNotebooks.NbformatErrors(ipynb));
        var executed = Notebook.Load(ipynb);
        Assert.Equal(lesson.Cells.Select(c => c.Source), executed.Cells.Select(c => c.Source));
        Assert.All(executed.Cells.Where(c => c.CellType == CellType.Code), c => Assert.NotNull(c.ExecutionCount));
        Assert.Contains(executed.Cells.SelectMany(c => c.Outputs), o => o.Data.ContainsKey(MimeTypes.Plotly));

        // The claims were evaluated and shown (held or not, in a toy run), and the parameters given are in the write-up.
        string page = File.ReadAllText(html);
        Assert.Contains("data-nbkit-claim=", page, StringComparison.Ordinal);
        Assert.All(quick, p => Assert.Contains(p.Replace("=", " = ", StringComparison.Ordinal), page, StringComparison.Ordinal));
    }
}
