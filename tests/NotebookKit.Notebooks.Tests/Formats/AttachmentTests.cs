using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Tests;

/// <summary>Markdown cell attachments (images pasted into a cell) survive reading, running, writing and stripping.</summary>
public sealed class AttachmentTests
{
    private static string DotOf(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["cells"]![0]!["attachments"]?["dot.png"]?["image/png"]?.GetValue<string>() ?? "(none)";

    [Fact]
    public void Attachments_are_read_written_and_valid_nbformat()
    {
        var notebook = Samples.Load("attachments.ipynb");
        string path = Path.Combine(TestNotebooks.TempFolder(), "attachments.ipynb");

        NotebookWriter.Write(notebook, path);

        Assert.StartsWith("iVBORw0KGgo", notebook.Cells[0].Attachments!["dot.png"]!["image/png"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(DotOf(Samples.PathOf("attachments.ipynb")), DotOf(path));
        Assert.Null(TestNotebooks.NbformatErrors(path));
    }

    [Fact]
    public void The_executed_notebook_keeps_attachments_and_the_write_up_shows_them()
    {
        string work = TestNotebooks.TempFolder();

        var run = Nbkit.Run(work, "run", Samples.PathOf("attachments.ipynb"));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(DotOf(Samples.PathOf("attachments.ipynb")), DotOf(Path.Combine(work, "artifacts", "attachments.ipynb")));
        Assert.Contains("<img src=\"data:image/png;base64,iVBORw0KGgo", File.ReadAllText(Path.Combine(work, "artifacts", "attachments.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Strip_outputs_keeps_attachments()
    {
        string work = TestNotebooks.TempFolder();
        string path = Path.Combine(work, "attachments.ipynb");
        File.Copy(Samples.PathOf("attachments.ipynb"), path);

        var run = Nbkit.Run(work, "run", "--strip-outputs", "attachments.ipynb");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("1 stripped, 0 already clean", run.LastLine);
        Assert.True(NotebookStripper.IsClean(Notebook.Load(path)));
        Assert.Equal(DotOf(Samples.PathOf("attachments.ipynb")), DotOf(path));
    }
}
