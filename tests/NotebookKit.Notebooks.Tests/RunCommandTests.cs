namespace NotebookKit.Notebooks.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public void Runs_a_folder_with_parameters_into_artifacts_and_reports_the_count_last()
    {
        string work = TestNotebooks.TempFolder();
        string notebooks = Path.Combine(work, "nbs");
        Directory.CreateDirectory(notebooks);
        File.Copy(Samples.PathOf("parameters.ipynb"), Path.Combine(notebooks, "parameters.ipynb"));

        var run = Nbkit.Run(work, "run", "nbs", "-p", "Epochs=11", "-p", "DataDir=a=b");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("1 passed, 0 failed", run.LastLine);
        // Numbered like the In [n] labels: the markdown cell gets none, the injected parameters cell one.
        Assert.Contains("cell 3/3 ok", run.Stdout, StringComparison.Ordinal);
        string executed = Path.Combine(work, "artifacts", "parameters.ipynb");
        Assert.Null(TestNotebooks.NbformatErrors(executed));
        var output = Notebook.Load(executed).Cells.Single(c => c.Id == "use").Outputs.Single().Text;
        Assert.Equal("Epochs=11 Lr=0.1 DataDir=a=b Full=False\n", output);
        Assert.Contains("Epochs = 11", File.ReadAllText(Path.Combine(work, "artifacts", "parameters.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Png_option_writes_each_chart_as_a_png_file_next_to_the_writeup()
    {
        string work = TestNotebooks.TempFolder();
        File.Copy(Samples.PathOf("figures.ipynb"), Path.Combine(work, "charts.ipynb"));
        Directory.CreateDirectory(Path.Combine(work, "out"));
        File.WriteAllText(Path.Combine(work, "out", "charts-figure-02.png"), "an earlier run's second chart");

        var run = Nbkit.Run(work, "run", "charts.ipynb", "--out", "out", "--png");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        string png = Path.Combine(work, "out", "charts-figure-01.png");
        Assert.Contains("1 PNG file(s): " + png, run.Stdout, StringComparison.Ordinal);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        Assert.True(File.Exists(Path.Combine(work, "out", "charts.html")));
        Assert.False(File.Exists(Path.Combine(work, "out", "charts-figure-02.png")), "an earlier run's extra image must go");
    }

    [Fact]
    public void A_failing_notebook_gives_a_non_zero_exit_and_still_writes_its_outputs()
    {
        string work = TestNotebooks.TempFolder();

        var run = Nbkit.Run(work, "run", Samples.PathOf("failing.ipynb"), Samples.PathOf("sample.dib"), "--out", "out", "--timeout", "60");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("1 passed, 1 failed", run.LastLine);
        Assert.Contains("Cell 2 failed: InvalidOperationException", run.Stderr, StringComparison.Ordinal);
        Assert.Null(TestNotebooks.NbformatErrors(Path.Combine(work, "out", "failing.ipynb")));
        Assert.True(File.Exists(Path.Combine(work, "out", "sample.ipynb")));
    }

    [Theory]
    [InlineData("Epochs=ten", "Parameter 'Epochs' is declared int; 'ten' is not a whole number")]
    [InlineData("Steps=1", "Parameter 'Steps' is not declared")]
    [InlineData("Epochs", "-p expects Name=value")]
    public void Bad_parameters_fail_before_anything_runs(string parameter, string message)
    {
        string work = TestNotebooks.TempFolder();

        var run = Nbkit.Run(work, "run", Samples.PathOf("parameters.ipynb"), "-p", parameter);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work, "artifacts")));
    }

    [Fact]
    public void Each_notebook_gets_the_parameters_it_declares()
    {
        string work = TestNotebooks.TempFolder();

        var run = Nbkit.Run(work, "run", Samples.PathOf("parameters.ipynb"), Samples.PathOf("legacy.ipynb"), "-p", "Epochs=2");
        var unknown = Nbkit.Run(work, "run", Samples.PathOf("parameters.ipynb"), Samples.PathOf("legacy.ipynb"), "-p", "Epochs=2", "-p", "Nope=1");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("2 passed, 0 failed", run.LastLine);
        Assert.StartsWith("Epochs=2 ", Notebook.Load(Path.Combine(work, "artifacts", "parameters.ipynb")).Cells.Single(c => c.Id == "use").Outputs.Single().Text, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Parameter 'Nope' is not declared in the parameters cell of any notebook given", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_a_lesson_source_in_the_percent_format_as_its_notebook()
    {
        string work = TestNotebooks.TempFolder();
        File.WriteAllText(Path.Combine(work, "lesson.cs"), """
            using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

            // %% [markdown]
            // # A lesson

            // %% tags=["parameters"]
            int Steps = 3;
            #region file-app: parameters from the command line, `dotnet run lesson.cs -- Steps=VALUE` (generated; not in the notebook)
            Steps = Parameter(nameof(Steps), Steps);
            #endregion

            // %%
            Console.WriteLine($"steps = {Steps}");

            """.ReplaceLineEndings("\n"));

        var run = Nbkit.Run(work, "run", "lesson.cs", "-p", "Steps=7");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("1 passed, 0 failed", run.LastLine);
        var executed = Notebook.Load(Path.Combine(work, "artifacts", "lesson.ipynb"));
        Assert.Equal("int Steps = 3;", executed.Cells[1].Source); // the notebook form: no file-app region
        Assert.Equal("steps = 7\n", executed.Cells.Last().Outputs.Single().Text);
        Assert.True(File.Exists(Path.Combine(work, "artifacts", "lesson.html")));
    }

    [Fact]
    public void A_cs_file_that_is_not_a_lesson_source_and_stripping_one_are_clear_errors()
    {
        string work = TestNotebooks.TempFolder();
        File.WriteAllText(Path.Combine(work, "Program.cs"), "Console.WriteLine(1);\n");
        File.WriteAllText(Path.Combine(work, "lesson.cs"), "// %%\nConsole.WriteLine(1);\n");

        var plain = Nbkit.Run(work, "run", "Program.cs");
        var strip = Nbkit.Run(work, "run", "--strip-outputs", "lesson.cs");

        Assert.Equal(1, plain.ExitCode);
        Assert.Equal(
            "error: 'Program.cs' is not a lesson source in the percent format (docs/notebooks.md, \"Editing the notebooks\"): Program.cs has no cell: a cell starts at a line '// %%' (code) or '// %% [markdown]'.",
            plain.Stderr.Trim());
        Assert.Equal(1, strip.ExitCode);
        Assert.Equal("error: 'lesson.cs' is not an .ipynb file; only .ipynb notebooks carry outputs to strip.", strip.Stderr.Trim());
        Assert.Equal("// %%\nConsole.WriteLine(1);\n", File.ReadAllText(Path.Combine(work, "lesson.cs")));
    }

    [Fact]
    public void Missing_paths_and_bad_timeouts_are_clear_errors()
    {
        string work = TestNotebooks.TempFolder();

        var missing = Nbkit.Run(work, "run", "nope.ipynb");
        var timeout = Nbkit.Run(work, "run", Samples.PathOf("legacy.ipynb"), "--timeout", "0");
        var clash = Nbkit.Run(work, "run", Samples.PathOf("legacy.ipynb"), Samples.PathOf("legacy.ipynb"));

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("'nope.ipynb' does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, timeout.ExitCode);
        Assert.Contains("--timeout must be a positive number", timeout.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, clash.ExitCode);
        Assert.Contains("Two notebooks are named 'legacy'", clash.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Strip_outputs_rewrites_notebooks_in_place()
    {
        string work = TestNotebooks.TempFolder();
        File.Copy(Samples.PathOf("jupyter-hosted.ipynb"), Path.Combine(work, "a.ipynb"));

        var run = Nbkit.Run(work, "run", "--strip-outputs", "a.ipynb");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("1 stripped, 0 already clean", run.LastLine);
        Assert.True(NotebookStripper.IsClean(Notebook.Load(Path.Combine(work, "a.ipynb"))));
    }
}
