namespace NotebookKit.Notebooks.Tests;

public sealed class NotebookRunnerTests
{
    private static readonly Lazy<NotebookRunResult> Conventions = new(() =>
        NotebookRunner.RunAsync(Samples.Load("conventions.ipynb")).GetAwaiter().GetResult());

    private static NotebookCell Cell(string id) => Conventions.Value.Executed.Cells.Single(c => c.Id == id);

    [Fact]
    public void Conventions_notebook_succeeds()
    {
        var result = Conventions.Value;
        Assert.True(result.Succeeded, result.Error);
        Assert.DoesNotContain(result.Cells, c => c.Status == CellRunStatus.Failed);
        Assert.Equal([1, 2, 3, 4, 5], result.Executed.Cells.Where(c => c.CellType == CellType.Code).Select(c => c.ExecutionCount ?? 0));
    }

    [Fact]
    public void Console_out_and_error_become_stream_outputs_with_the_library_referenced()
    {
        var outputs = Cell("c-using").Outputs;
        Assert.Equal(2, outputs.Count);
        Assert.Equal(("stdout", "hello from stdout\n"), (outputs[0].Name, outputs[0].Text));
        Assert.Equal(("stderr", "hello from stderr\n"), (outputs[1].Name, outputs[1].Text));
    }

    [Fact]
    public void Display_update_html_and_extensions_produce_display_data_in_order()
    {
        var outputs = Cell("c-display").Outputs;
        Assert.All(outputs, o => Assert.Equal(OutputType.DisplayData, o.OutputType));
        Assert.Equal(4, outputs.Count);
        Assert.Equal("updated", outputs[0].TextOf(MimeTypes.Text));
        Assert.Equal("<b>bold</b>", outputs[1].TextOf(MimeTypes.Html));
        Assert.Equal("[1, 2, 3]", outputs[2].TextOf(MimeTypes.Text));
        Assert.Contains("<td>3</td>", outputs[2].TextOf(MimeTypes.Html), StringComparison.Ordinal);
        Assert.Equal("<i>as html</i>", outputs[3].TextOf(MimeTypes.Html));
    }

    [Fact]
    public void Trailing_expression_after_await_is_an_execute_result_and_time_magic_reports_wall_time()
    {
        var cell = Cell("c-trailing");
        var result = Assert.Single(cell.Outputs, o => o.OutputType == OutputType.ExecuteResult);
        Assert.Equal("42", result.TextOf(MimeTypes.Text));
        Assert.Equal(cell.ExecutionCount, result.ExecutionCount);
        Assert.Contains(cell.Outputs, o => o.TextOf(MimeTypes.Text)?.StartsWith("Wall time: ", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_cell_holding_only_a_magic_runs_with_its_own_number_and_only_a_blank_cell_is_skipped()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode("var x = 1;", "#!time", "  \n", "#!csharp", "x + 1"));

        Assert.True(result.Succeeded, result.Error);
        var code = result.Executed.Cells.Where(c => c.CellType == CellType.Code).ToList();
        Assert.Equal([1, 2, null, 3, 4], code.Select(c => c.ExecutionCount));
        Assert.Equal([CellRunStatus.Succeeded, CellRunStatus.Succeeded, CellRunStatus.NotCode, CellRunStatus.Succeeded, CellRunStatus.Succeeded],
            result.Cells.Select(c => c.Status));
        var wallTime = Assert.Single(code[1].Outputs);
        Assert.StartsWith("Wall time: ", wallTime.TextOf(MimeTypes.Text), StringComparison.Ordinal);
        Assert.Equal("2", Assert.Single(code[4].Outputs).TextOf(MimeTypes.Text));
    }

    [Fact]
    public void Name_matched_formatter_source_gives_every_mime_type_with_json_as_objects()
    {
        var result = Assert.Single(Cell("c-formatter").Outputs);
        Assert.Equal("<em>chart</em>", result.TextOf(MimeTypes.Html));
        var figure = Assert.IsType<System.Text.Json.Nodes.JsonObject>(result.Data[MimeTypes.Plotly]);
        Assert.Equal(2, figure["data"]![0]!["y"]![1]!.GetValue<int>());
    }

    [Fact]
    public void Void_trailing_call_has_no_result_and_cells_run_in_the_notebook_folder()
    {
        var output = Assert.Single(Cell("c-void").Outputs);
        Assert.Equal("True\n", output.Text);
    }

    [Fact]
    public void Cells_get_timing_metadata()
    {
        var meta = Cell("c-trailing").Metadata;
        Assert.NotNull(meta["execution"]?["iopub.execute_input"]);
        Assert.True(meta["nbkit"]!["duration_seconds"]!.GetValue<double>() >= 0.001);
    }

    [Fact]
    public async Task Notebooks_run_side_by_side_in_one_process_keep_their_own_outputs_and_leave_its_console_alone()
    {
        // Each run's cells live in a worker process of their own: a cell that replaces Console's writers, or prints
        // while another notebook runs, reaches neither the other notebook nor this process.
        var hostOut = Console.Out;
        var hostError = Console.Error;
        var quiet = TestNotebooks.FromCode(
            "Console.SetOut(System.IO.TextWriter.Null);\nConsole.SetError(System.IO.TextWriter.Null);",
            "for (int i = 0; i < 20; i++) { Console.WriteLine(\"quiet \" + i); await Task.Delay(10); }");
        var loud = TestNotebooks.FromCode(
            "for (int i = 0; i < 20; i++) { Console.WriteLine(\"loud \" + i); await Task.Delay(10); }");

        var runs = await Task.WhenAll(NotebookRunner.RunAsync(quiet), NotebookRunner.RunAsync(loud));

        Assert.All(runs, r => Assert.True(r.Succeeded, r.Error));
        string Expected(string name) => string.Concat(Enumerable.Range(0, 20).Select(i => $"{name} {i}\n"));
        Assert.Empty(runs[0].Executed.Cells[0].Outputs);
        Assert.Equal(Expected("quiet"), string.Concat(runs[0].Executed.Cells[1].Outputs.Select(o => o.Text)));
        Assert.Equal(Expected("loud"), string.Concat(runs[1].Executed.Cells[0].Outputs.Select(o => o.Text)));
        Assert.Same(hostOut, Console.Out);
        Assert.Same(hostError, Console.Error);
    }
}
