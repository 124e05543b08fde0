namespace NotebookKit.Notebooks.Tests;

public sealed class NotebookReaderTests
{
    [Theory]
    [InlineData("conventions.ipynb")]
    [InlineData("jupyter-hosted.ipynb")]
    [InlineData("legacy.ipynb")]
    [InlineData("no-metadata.ipynb")]
    [InlineData("sample.dib")]
    public void Every_metadata_variant_runs_and_writes_a_valid_nbformat_45_notebook(string file)
    {
        var result = TestNotebooks.Run(Samples.Load(file));
        Assert.True(result.Succeeded, result.Error);

        string path = Path.Combine(TestNotebooks.TempFolder(), Path.GetFileNameWithoutExtension(file) + ".ipynb");
        NotebookWriter.Write(result.Executed, path);

        Assert.Null(TestNotebooks.NbformatErrors(path));
        var reread = Notebook.Load(path);
        Assert.Equal(result.Executed.Cells.Select(c => c.Id), reread.Cells.Select(c => c.Id));
        Assert.Equal(".net-csharp", reread.Metadata["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", reread.Metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        Assert.All(reread.Cells.Where(c => c.CellType == CellType.Code),
            c => Assert.Equal("csharp", c.Metadata["polyglot_notebook"]!["kernelName"]!.GetValue<string>()));
    }

    [Fact]
    public void Jupyter_hosted_notebook_drops_stale_and_invalid_outputs_and_shows_a_sequence()
    {
        var before = Samples.Load("jupyter-hosted.ipynb");
        Assert.Single(before.Cells[1].Outputs);
        Assert.Equal(7, before.Cells[1].ExecutionCount);

        var cell = TestNotebooks.Run(before).Executed.Cells[1];

        var result = Assert.Single(cell.Outputs);
        Assert.Equal(OutputType.ExecuteResult, result.OutputType);
        Assert.Equal(1, cell.ExecutionCount);
        Assert.StartsWith("[1, 2, 3, ", result.TextOf(MimeTypes.Text), StringComparison.Ordinal);
        Assert.EndsWith("20, ...]", result.TextOf(MimeTypes.Text), StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_top_level_kernel_info_is_read_and_never_written()
    {
        var notebook = Samples.Load("legacy.ipynb");
        Assert.Equal("legacy", TestNotebooks.Run(notebook).Executed.Cells[0].Outputs.Single().TextOf(MimeTypes.Text));

        string json = NotebookWriter.ToJson(notebook);

        Assert.DoesNotContain("\n \"kernelInfo\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_as_a_string_and_missing_metadata_default_to_csharp()
    {
        var notebook = Samples.Load("no-metadata.ipynb");

        Assert.Equal("Math.Sqrt(16)", notebook.Cells[0].Source);
        Assert.Equal("4", TestNotebooks.Run(notebook).Executed.Cells[0].Outputs.Single().TextOf(MimeTypes.Text));
    }

    [Fact]
    public void Dib_cells_are_split_on_kernel_lines()
    {
        var notebook = Samples.Load("sample.dib");

        Assert.Equal([CellType.Markdown, CellType.Code, CellType.Code], notebook.Cells.Select(c => c.CellType));
        Assert.StartsWith("# A .dib notebook", notebook.Cells[0].Source, StringComparison.Ordinal);
        var result = TestNotebooks.Run(notebook);
        Assert.Equal("total=10\n", result.Executed.Cells[1].Outputs.Single().Text);
        Assert.Equal("100", result.Executed.Cells[2].Outputs.Single().TextOf(MimeTypes.Text));
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"nbformat\": 3, \"cells\": []}", "nbformat 3 is not supported")]
    [InlineData("{\"cells\": [{\"source\": \"x\"}]}", "cell 1 has no \"cell_type\"")]
    [InlineData("{\"cells\": ", "is not valid notebook JSON")]
    public void Malformed_notebooks_say_which_rule_broke(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => Notebook.ParseIpynb(json));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Notebook.Load("no/such/notebook.ipynb"));

        Assert.Contains("no/such/notebook.ipynb", e.Message, StringComparison.Ordinal);
    }
}
