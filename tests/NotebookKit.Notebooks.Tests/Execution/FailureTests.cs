namespace NotebookKit.Notebooks.Tests;

public sealed class FailureTests
{
    [Fact]
    public void First_failing_cell_stops_the_notebook_with_an_error_output()
    {
        var result = TestNotebooks.Run(Samples.Load("failing.ipynb"));

        Assert.False(result.Succeeded);
        Assert.StartsWith("Cell 2 failed: InvalidOperationException: the learning rate must be positive", result.Error, StringComparison.Ordinal);
        Assert.Equal([CellRunStatus.Succeeded, CellRunStatus.Failed, CellRunStatus.NotRun], result.Cells.Select(c => c.Status));
        var error = Assert.Single(result.Executed.Cells[1].Outputs);
        Assert.Equal(OutputType.Error, error.OutputType);
        Assert.Equal("InvalidOperationException", error.ErrorName);
        // evalue is the message alone: front ends show "ename: evalue", which must name the exception once.
        Assert.Equal("the learning rate must be positive", error.ErrorValue);
        Assert.Equal("Cell 2 failed: InvalidOperationException: the learning rate must be positive", error.Traceback[0]);
        Assert.StartsWith("   at Submission#", error.Traceback[1], StringComparison.Ordinal);
        Assert.DoesNotContain(error.Traceback.Skip(1), line => line.Contains("the learning rate must be positive", StringComparison.Ordinal));
        Assert.Empty(result.Executed.Cells[2].Outputs);
        Assert.Null(result.Executed.Cells[2].ExecutionCount);
    }

    [Fact]
    public void A_deep_recursion_shows_its_repeated_frame_once_with_a_count()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode(
            "var ok = 1;",
            "int Deep(int n) => n == 0 ? throw new InvalidOperationException(\"bottom\") : Deep(n - 1) + 1;\nDeep(500)"));

        Assert.Equal("Cell 2 failed: InvalidOperationException: bottom", result.Error);
        var traceback = Assert.Single(result.Executed.Cells[1].Outputs).Traceback;
        Assert.Equal("Cell 2 failed: InvalidOperationException: bottom", traceback[0]);
        Assert.True(traceback.Count < 50, string.Join("\n", traceback));
        // Deep(0) throws and Deep(1)..Deep(500) are on the stack above it: one line shown, 500 more counted.
        Assert.Equal(1, traceback.Count(l => l.Contains("Deep(Int32 n)", StringComparison.Ordinal)));
        Assert.Contains("   ... the line above repeated 500 more times", traceback);
        Assert.Equal(1, traceback.Count(l => l.Contains("InvalidOperationException", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_library_argument_error_shows_its_message_without_the_parameter_suffix()
    {
        // What a lesson run with too few epochs hits: a schedule refusing its C# argument totalSteps.
        var result = TestNotebooks.Run(TestNotebooks.FromCode("var ok = 1;", "throw new ArgumentOutOfRangeException(\"totalSteps\", 0, \"Warmup needs at least one step after it.\");"));

        const string Expected = "Cell 2 failed: ArgumentOutOfRangeException: Warmup needs at least one step after it. Actual value was 0.";
        Assert.Equal(Expected, result.Error);
        var error = Assert.Single(result.Executed.Cells[1].Outputs);
        Assert.Equal("Warmup needs at least one step after it. Actual value was 0.", error.ErrorValue);
        Assert.Equal(Expected, error.Traceback[0]);
        Assert.DoesNotContain(error.Traceback, line => line.Contains("(Parameter '", StringComparison.Ordinal));
    }

    [Fact]
    public void Compilation_errors_report_cell_relative_lines()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode("var ok = 1;", "#!csharp\nint a = 1;\nint b = \"text\";"));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Executed.Cells[1].Outputs);
        Assert.Equal("CompilationError", error.ErrorName);
        Assert.Contains(error.Traceback, l => l.StartsWith("(3,9): error CS0029:", StringComparison.Ordinal));
        Assert.Contains("Cell 2 does not compile: (3,9)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_kernels_and_packages_are_clear_errors_naming_the_cell()
    {
        var fsharp = TestNotebooks.Run(TestNotebooks.FromCode("1", "#!fsharp\nlet x = 1"));
        Assert.Contains("Cell 2 cannot run", fsharp.Error, StringComparison.Ordinal);
        Assert.Contains("'fsharp' kernel", fsharp.Error, StringComparison.Ordinal);

        var nuget = TestNotebooks.Run(TestNotebooks.FromCode("#r \"nuget: Newtonsoft.Json, 13.0.1\""));
        Assert.Contains("Cell 1 cannot run", nuget.Error, StringComparison.Ordinal);
        Assert.Contains("'Newtonsoft.Json'", nuget.Error, StringComparison.Ordinal);

        var magic = TestNotebooks.Run(TestNotebooks.FromCode("#!who"));
        Assert.Contains("'#!who'", magic.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_over_the_timeout_fails_with_a_timeout_error()
    {
        var options = new NotebookRunOptions { CellTimeout = TimeSpan.FromMilliseconds(300) };
        var result = TestNotebooks.Run(TestNotebooks.FromCode("await Task.Delay(TimeSpan.FromSeconds(30));", "1"), options);

        Assert.False(result.Succeeded);
        Assert.Contains("Cell 1 did not finish within the 0.3 s timeout", result.Error, StringComparison.Ordinal);
        Assert.Equal("TimeoutException", result.Executed.Cells[0].Outputs.Single().ErrorName);
        Assert.Equal(CellRunStatus.NotRun, result.Cells[1].Status);
    }

    [Fact]
    public void A_result_whose_ToString_throws_fails_its_cell()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode("public sealed class Bad { public override string ToString() => throw new FormatException(\"no text\"); }\nnew Bad()"));

        Assert.False(result.Succeeded);
        Assert.Equal("Cell 1 failed: FormatException: no text", result.Error);
    }

    [Fact]
    public void Display_outside_a_run_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => 42.Display());
        Assert.Contains("while a notebook cell runs", e.Message, StringComparison.Ordinal);
    }
}
