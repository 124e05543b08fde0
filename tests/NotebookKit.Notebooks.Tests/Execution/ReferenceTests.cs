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
        Assert.Equal("True", result.Executed.Cells[1].Outputs.Single().TextOf(MimeTypes.Text));
        Assert.Equal("1", result.Executed.Cells[2].Outputs.Single().TextOf(MimeTypes.Text));
    }

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
