namespace NotebookKit.Notebooks.Tests.FileApps;

/// <summary>
/// A lesson source run as a .NET 10 file-based app (<c>dotnet run lesson.cs -- Name=value</c>): its outputs land in the
/// cells that produced them, and it writes the executed notebook and the same write-up as <c>nbkit run</c>.
/// </summary>
/// <remarks>Each case builds a real file-based app against the repository's projects, so the cases share one app.</remarks>
[Collection(nameof(FileAppTests))]
public sealed class FileAppTests
{
    private static readonly TimeSpan BuildAndRun = TimeSpan.FromMinutes(8);

    [Fact]
    public void A_lesson_runs_as_a_file_based_app_with_outputs_in_their_cells_and_a_write_up()
    {
        string folder = TestNotebooks.TempFolder();
        File.WriteAllText(Path.Combine(folder, "demo.cs"), Lesson("""
            // %% [markdown]
            // # Demo lesson
            //
            // Prose between the outputs.

            // %%
            using NotebookKit.Plotting;
            using NotebookKit.Schedules;

            // %% tags=["parameters"]
            int Steps = 50;
            string Label = "cosine";
            #region file-app: parameters from the command line, `dotnet run demo.cs -- Steps=VALUE` (generated; not in the notebook)
            Steps = Parameter(nameof(Steps), Steps);
            Label = Parameter(nameof(Label), Label);
            #endregion

            // %% [markdown]
            // ## A chart

            // %%
            Console.WriteLine($"steps = {Steps}, label = {Label}");
            var handle = display(Charts.Schedule(Schedule.Cosine(0.1, tMax: Steps), Steps, name: Label));

            // %%
            void Report(int n) => Console.WriteLine($"report {n}");
            Enumerable.Range(1, 2).ToList().ForEach(Report); // a callback into the lesson: still this cell
            display(HTML("<b>bold</b>"));
            var status = NotebookKit.Display.LiveDisplay.Show("starting");
            status.Update("finished");
            """));

        var run = DotnetProcess.Run(folder, BuildAndRun, "run", "demo.cs", "--", "Steps=20", "--out", "out");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("steps = 20, label = cosine", run.Stdout, StringComparison.Ordinal); // the terminal still sees it
        Assert.Contains("demo: 4 code cells ran", run.Stdout, StringComparison.Ordinal);
        var executed = Notebook.Load(Path.Combine(folder, "out", "demo.ipynb"));
        var cells = executed.Cells;
        Assert.Equal(6, cells.Count);
        Assert.StartsWith("#r \"", cells[1].Source, StringComparison.Ordinal);                  // the notebook form of the lesson
        Assert.Equal("int Steps = 50;\nstring Label = \"cosine\";", cells[2].Source);           // without the file-app region
        Assert.Empty(cells[1].Outputs);
        Assert.Empty(cells[2].Outputs);
        Assert.Equal("steps = 20, label = cosine\n", cells[4].Outputs[0].Text);
        Assert.NotNull(cells[4].Outputs[1].Data.GetValueOrDefault(MimeTypes.Plotly));
        Assert.Equal("report 1\nreport 2\n", cells[5].Outputs[0].Text);
        Assert.Equal("<b>bold</b>", cells[5].Outputs[1].TextOf(MimeTypes.Html));
        Assert.Equal("finished", cells[5].Outputs[2].TextOf(MimeTypes.Text)); // LiveDisplay: one output, updated in place
        Assert.Equal(3, cells[5].Outputs.Count);
        Assert.Equal([1, 2, 3, 4], cells.Where(c => c.CellType == CellType.Code).Select(c => c.ExecutionCount ?? 0));
        Assert.Null(TestNotebooks.NbformatErrors(Path.Combine(folder, "out", "demo.ipynb")));

        string html = File.ReadAllText(Path.Combine(folder, "out", "demo.html"));
        Assert.Contains("Steps = 20", html, StringComparison.Ordinal);
        int prose = html.IndexOf("Prose between the outputs.", StringComparison.Ordinal);
        int output = html.IndexOf("report 1", StringComparison.Ordinal);
        Assert.True(prose > 0 && output > prose, "the write-up interleaves markdown and outputs in cell order");

        // Same app, other arguments: a name the lesson does not declare is one error line, nothing written.
        var bad = DotnetProcess.Run(folder, BuildAndRun, "run", "demo.cs", "--", "Nope=1", "--out", "bad");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("error: Parameter 'Nope' is not declared in the parameters cell of demo (declared: Steps, Label).", bad.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder, "bad")));
        var wrongType = DotnetProcess.Run(folder, BuildAndRun, "run", "demo.cs", "--", "Steps=ten");
        Assert.Contains("error: Parameter 'Steps' is declared int; 'ten' is not a whole number", wrongType.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_that_throws_fails_the_app_and_the_write_up_shows_where()
    {
        string folder = TestNotebooks.TempFolder();
        File.WriteAllText(Path.Combine(folder, "broken.cs"), Lesson("""
            // %%
            using NotebookKit.Schedules;

            // %% tags=["parameters"]
            int Steps = 3;
            #region file-app: parameters from the command line, `dotnet run broken.cs -- Steps=VALUE` (generated; not in the notebook)
            Steps = Parameter(nameof(Steps), Steps);
            #endregion

            // %%
            Console.WriteLine("before");

            // %%
            if (Steps > 0)
            {
                throw new InvalidOperationException("the lesson broke here");
            }

            // %%
            Console.WriteLine("never");
            """));

        var run = DotnetProcess.Run(folder, BuildAndRun, "run", "broken.cs");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("broken: Cell 4 failed: InvalidOperationException: the lesson broke here", run.Stdout, StringComparison.Ordinal);
        var cells = Notebook.Load(Path.Combine(folder, "artifacts", "broken.ipynb")).Cells;
        Assert.Equal("before\n", cells[2].Outputs.Single().Text);
        Assert.Equal(OutputType.Error, cells[3].Outputs.Single().OutputType);
        Assert.Null(cells[4].ExecutionCount);
        Assert.Contains("the lesson broke here", File.ReadAllText(Path.Combine(folder, "artifacts", "broken.html")), StringComparison.Ordinal);
    }

    /// <summary>A lesson source whose header points at this repository's projects (the file lives in a temp folder).</summary>
    private static string Lesson(string cells)
    {
        string src = Path.Combine(Repository.Root, "src");
        return $"""
            #:project {src}/NotebookKit/NotebookKit.csproj
            #:project {src}/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
            #:property PublishAot=false
            using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

            {cells}

            """.ReplaceLineEndings("\n");
    }
}

/// <summary>File-based app builds share the projects' output folders: one at a time.</summary>
[CollectionDefinition(nameof(FileAppTests), DisableParallelization = true)]
public sealed class FileAppCollection;
