namespace NotebookKit.Notebooks.Tests;

public sealed class NotebookStripperTests
{
    [Fact]
    public void Strip_removes_outputs_counts_timings_and_injected_cells()
    {
        var executed = TestNotebooks.Run(Samples.Load("parameters.ipynb"), new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["Epochs"] = "1" } }).Executed;
        Assert.False(NotebookStripper.IsClean(executed));

        NotebookStripper.Strip(executed);

        Assert.True(NotebookStripper.IsClean(executed));
        Assert.Equal(["title", "params", "use"], executed.Cells.Select(c => c.Id!));
        Assert.Equal(["parameters"], executed.Cells[1].Tags);
    }

    [Fact]
    public void StripFile_rewrites_in_place_and_reports_when_nothing_changed()
    {
        string path = Path.Combine(TestNotebooks.TempFolder(), "jupyter-hosted.ipynb");
        File.Copy(Samples.PathOf("jupyter-hosted.ipynb"), path);

        Assert.True(NotebookStripper.StripFile(path));
        Assert.True(NotebookStripper.IsClean(Notebook.Load(path)));
        Assert.False(NotebookStripper.StripFile(path));
        Assert.Null(TestNotebooks.NbformatErrors(path));
    }

    [Fact]
    public void Committed_notebooks_carry_no_outputs()
    {
        string folder = Path.Combine(TestNotebooks.RepoRoot, "notebooks");
        var notebooks = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ipynb") : [];
        var dirty = notebooks.Where(p => !NotebookStripper.IsClean(Notebook.Load(p))).Select(Path.GetFileName).ToList();

        Assert.True(dirty.Count == 0, $"Committed with outputs (run `nbkit run --strip-outputs notebooks`): {string.Join(", ", dirty)}");
    }
}
