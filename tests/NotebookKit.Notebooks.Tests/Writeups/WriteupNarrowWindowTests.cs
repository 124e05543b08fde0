using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Tests;

/// <summary>
/// A write-up in a window narrower than its widest content: the page never scrolls sideways. A display formula wider
/// than the column scrolls inside its own box; a figure of fixed width is drawn at the column's width.
/// </summary>
[Collection(nameof(NotebooksRunTests))]
public sealed class WriteupNarrowWindowTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly string folder = TestNotebooks.TempFolder();

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test on cleanup.
        }
    }

    [Fact]
    public async Task A_formula_wider_than_the_column_scrolls_in_its_box_and_a_wide_figure_fits_the_column()
    {
        // One display formula far wider than a 480 px window, and a figure whose layout asks for 900 px.
        string formula = string.Join(" + ", Enumerable.Range(1, 40).Select(i => $"\\frac{{a_{{{i}}}}}{{1 - \\beta^{{{i}}}}}"));
        var notebook = Notebook.Create();
        notebook.Cells.Add(new NotebookCell(CellType.Markdown, $"# Narrow\n\nA long sum:\n\n$$\n{formula}\n$$\n\nThe end."));
        var chart = new NotebookCell(CellType.Code, "display(figure);");
        chart.Outputs.Add(CellOutput.Display([new("application/vnd.plotly.v1+json", JsonNode.Parse("""
            {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {"width": 900, "height": 300, "title": {"text": "Fixed width"}}}
            """)!)]));
        notebook.Cells.Add(chart);
        string path = Path.Combine(folder, "narrow.html");
        File.WriteAllText(path, WriteupRenderer.Render(notebook));

        var report = await FrontEnd.InspectWriteupAsync(chromium.Browser, path, width: 480);

        FrontEnd.AssertAllDrawn(report.Page, "narrow write-up");
        Assert.Equal((1, 1), (report.Formulas, report.Typeset));
        Assert.Empty(report.RawTex);
        // Only the formula's own box (KaTeX's display span and the formula inside it) is wider than its content allows,
        // and the reader scrolls that box: the page itself, the cell and the figure fit the window.
        Assert.NotEmpty(report.Overflowing);
        Assert.True(report.Overflowing.All(o => o.StartsWith("span.katex", StringComparison.Ordinal)),
            $"wider than their box: {string.Join(" | ", report.Overflowing)}");
    }
}
