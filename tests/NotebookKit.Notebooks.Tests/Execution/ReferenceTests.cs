namespace NotebookKit.Notebooks.Tests;

public sealed class ReferenceTests
{
    [Fact]
    public void Nuget_and_path_references_to_the_library_map_to_the_loaded_copy()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode(
            "#r \"../lib/NotebookKit.dll\"\n#i \"nuget: https://example.invalid/index.json\"\nusing NotebookKit.Tensors;",
            "#r \"nuget: NotebookKit\"\nnew SeededRandom(1).NextDouble() == new SeededRandom(1).NextDouble()",
            "AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == \"NotebookKit\")"));

        Assert.True(result.Succeeded, result.Error);
        var outputs = result.Executed.Cells[1].Outputs;
        Assert.Equal(2, outputs.Count);
        Assert.Equal("stderr", outputs[0].Name);
        Assert.Equal($"#r \"nuget: NotebookKit\": using NotebookKit {LibraryVersion}, the library this runner was built with (no package was restored).\n", outputs[0].Text);
        Assert.Equal("True", outputs[1].TextOf(MimeTypes.Text));
        Assert.Equal("1", result.Executed.Cells[2].Outputs.Single().TextOf(MimeTypes.Text));
        Assert.Empty(result.Executed.Cells[0].Outputs); // a path reference maps silently: VS Code loads that same file
    }

    [Fact]
    public void A_cell_holding_only_the_nuget_line_runs_and_later_cells_can_use_the_library()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode(
            "#r \"nuget: NotebookKit\"",
            "using NotebookKit.Display;\ntypeof(LiveDisplay).Name"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(1, result.Executed.Cells[0].ExecutionCount);
        Assert.Contains($"using NotebookKit {LibraryVersion}", result.Executed.Cells[0].Outputs.Single().Text, StringComparison.Ordinal);
        Assert.Equal(2, result.Executed.Cells[1].ExecutionCount);
        Assert.Equal("LiveDisplay", result.Executed.Cells[1].Outputs.Single().TextOf(MimeTypes.Text));
    }

    [Fact]
    public void Nuget_reference_to_the_runners_own_version_maps_and_another_version_is_an_error_naming_both()
    {
        var same = TestNotebooks.Run(TestNotebooks.FromCode($"#r \"nuget: NotebookKit, {LibraryVersion}\"\nusing NotebookKit.Nn;"));
        Assert.True(same.Succeeded, same.Error);
        Assert.Contains($"using NotebookKit {LibraryVersion}", same.Executed.Cells[0].Outputs[0].Text, StringComparison.Ordinal);

        var other = TestNotebooks.Run(TestNotebooks.FromCode("#r \"nuget: NotebookKit, 99.1.0\"\nusing NotebookKit.Nn;"));
        Assert.False(other.Succeeded);
        Assert.Contains($"line 1 asks for NotebookKit 99.1.0, but this runner has NotebookKit {LibraryVersion} (the version it was built with)", other.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.1.0", "0.1.0", true)]
    [InlineData("0.1.0", "0.1.1", false)]
    [InlineData("*", "3.2.1", true)]
    [InlineData("0.1.*", "0.1.7", true)]
    [InlineData("0.2.*", "0.1.7", false)]
    [InlineData("[0.1.0]", "0.1.0", true)]
    [InlineData("[0.1.0, 1.0)", "0.5.0", true)]
    [InlineData("[0.1.0, 1.0)", "1.0.0", false)]
    [InlineData("(0.1.0,)", "0.1.0", false)]
    [InlineData("0.1.0-beta", "0.1.0", false)]
    public void Nuget_version_requests_admit_the_versions_nuget_would(string wanted, string version, bool admitted) =>
        Assert.Equal(admitted, NotebookKit.Notebooks.Execution.CellPreprocessor.VersionMatches(wanted, version));

    private static string LibraryVersion => NotebookKit.Notebooks.Execution.CellPreprocessor.LibraryVersion;

    [Fact]
    public void Library_types_are_not_visible_without_a_reference()
    {
        var result = TestNotebooks.Run(TestNotebooks.FromCode("typeof(NotebookKit.Tensors.SeededRandom)"));

        Assert.False(result.Succeeded);
        Assert.Contains("CS0234", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_references_resolve_relative_to_the_notebook_folder()
    {
        string folder = TestNotebooks.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "lib"));
        File.Copy(typeof(Markdig.Markdown).Assembly.Location, Path.Combine(folder, "lib", "Markdig.dll"));
        var notebook = TestNotebooks.FromCode("#r \"lib/Markdig.dll\"\nMarkdig.Markdown.ToHtml(\"*hi*\").Trim()");
        notebook.Path = Path.Combine(folder, "refs.ipynb");

        var result = TestNotebooks.Run(notebook);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("<p><em>hi</em></p>", result.Executed.Cells[0].Outputs.Single().TextOf(MimeTypes.Text));
    }
}
