namespace NotebookKit.Notebooks.Tests;

/// <summary>
/// <c>nbkit run</c> end to end with notebooks that hang, crash or silence the console: each fails alone, with its executed
/// notebook and write-up written up to the failing cell, and the other notebooks of the invocation still run.
/// </summary>
public sealed class RunIsolationTests
{
    [Theory]
    [InlineData("Environment.Exit(3);", "Cell 2 ended the notebook's worker process (Environment.Exit(3) or an equivalent). The run stops here: later cells are not run.")]
    [InlineData("void Blow() { Span<byte> s = stackalloc byte[200_000_000]; s[0] = 1; Console.WriteLine(s[1]); }\nBlow();", "Cell 2 crashed the notebook's worker process with a stack overflow")]
    [InlineData("var t = new System.Threading.Thread(() => throw new InvalidOperationException(\"boom\"));\nt.Start();\nt.Join();", "Cell 2 failed: an exception escaped a thread the cell started: InvalidOperationException: boom")]
    [InlineData("async void Later() { await Task.Yield(); throw new InvalidOperationException(\"boom\"); }\nLater();\nawait Task.Delay(1000);", "Cell 2 failed: an exception escaped a thread the cell started: InvalidOperationException: boom")]
    public void A_crash_fails_its_notebook_alone_with_outputs_up_to_the_crash_and_the_next_notebook_runs(string crash, string message)
    {
        string work = TestNotebooks.TempFolder();
        string crashing = TestNotebooks.WriteCode(work, "a-crash", "Console.WriteLine(\"before\");", crash, "Console.WriteLine(\"never\");");
        string fine = TestNotebooks.WriteCode(work, "b-fine", "Console.WriteLine(\"fine\");");

        var run = Nbkit.Run(work, "run", crashing, fine);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("1 passed, 1 failed", run.LastLine);
        Assert.Contains(message, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("PASS b-fine", run.Stdout, StringComparison.Ordinal);
        var executed = Notebook.Load(Path.Combine(work, "artifacts", "a-crash.ipynb"));
        Assert.Equal("before\n", executed.Cells[0].Outputs.Single().Text);
        var error = executed.Cells[1].Outputs.Single(o => o.OutputType == OutputType.Error);
        Assert.StartsWith(message, error.Traceback[0], StringComparison.Ordinal);
        if (error.ErrorName == "WorkerCrashed")
        {
            // A headless run stops at the crash, so it says so; that the worker's variables are gone would not matter.
            Assert.EndsWith(" The run stops here: later cells are not run.", error.Traceback[0], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("variables from earlier cells", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Empty(executed.Cells[2].Outputs);
        Assert.Null(TestNotebooks.NbformatErrors(Path.Combine(work, "artifacts", "a-crash.ipynb")));
        Assert.Contains(message.Replace("'", "&#39;", StringComparison.Ordinal), File.ReadAllText(Path.Combine(work, "artifacts", "a-crash.html")), StringComparison.Ordinal);
        Assert.Equal("fine\n", Notebook.Load(Path.Combine(work, "artifacts", "b-fine.ipynb")).Cells[0].Outputs.Single().Text);
    }

    [Fact]
    public void A_notebook_that_silences_Console_silences_neither_its_later_cells_nor_the_run()
    {
        string work = TestNotebooks.TempFolder();
        string quiet = TestNotebooks.WriteCode(work, "a-quiet", "Console.SetOut(System.IO.TextWriter.Null);", "Console.WriteLine(\"heard\");");
        string fine = TestNotebooks.WriteCode(work, "b-fine", "1");

        var run = Nbkit.Run(work, "run", quiet, fine);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("2 passed, 0 failed", run.LastLine);
        Assert.Contains("PASS a-quiet", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("heard\n", Notebook.Load(Path.Combine(work, "artifacts", "a-quiet.ipynb")).Cells[1].Outputs.Single().Text);
    }

    [Fact]
    public void Timeout_stops_an_endless_loop_and_the_failure_names_the_cell_and_the_limit()
    {
        string work = TestNotebooks.TempFolder();
        string loop = TestNotebooks.WriteCode(work, "loop", "var n = 0;", "while (true) { n++; }", "Console.WriteLine(\"never\");");

        var run = Nbkit.Run(work, "run", loop, "--timeout", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("0 passed, 1 failed", run.LastLine);
        Assert.Contains("error: loop: Cell 2 did not finish within the 1 s timeout (--timeout) and was stopped.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("cell 2/3 FAILED", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("TimeoutException", Notebook.Load(Path.Combine(work, "artifacts", "loop.ipynb")).Cells[1].Outputs.Single().ErrorName);
    }

    [Fact]
    public void A_notebook_whose_data_cannot_be_had_offline_is_skipped_with_how_to_supply_it_and_the_run_exits_0()
    {
        string work = TestNotebooks.TempFolder();
        string empty = Path.Combine(work, "no-data");
        Directory.CreateDirectory(empty);

        var run = Nbkit.Run(work, "run", Samples.PathOf("offline-data.ipynb"), Samples.PathOf("legacy.ipynb"), "-p", "DataDir=" + empty);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("1 passed, 0 failed, 1 skipped", run.LastLine);
        string skip = run.Stdout.Split('\n').Single(l => l.StartsWith("SKIP offline-data", StringComparison.Ordinal));
        Assert.Contains($"put it in {empty}", skip, StringComparison.Ordinal);
        Assert.Contains("cifar-10-binary.tar.gz", skip, StringComparison.Ordinal);
        Assert.Contains("-p DataDir=FOLDER", skip, StringComparison.Ordinal);
        Assert.Contains("  cell 3/", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(" stopped: its data is not on this machine (", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("skipped at cell 3", File.ReadAllText(Path.Combine(work, "artifacts", "offline-data.html")), StringComparison.Ordinal);
    }
}
