using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Tests;

public sealed class FigureTests
{
    private static readonly Lazy<NotebookRunResult> Figures = new(() => TestNotebooks.Run(Samples.Load("figures.ipynb")));

    [Fact]
    public void Library_figures_display_html_text_and_plotly_json_objects()
    {
        Assert.True(Figures.Value.Succeeded, Figures.Value.Error);
        var result = Assert.Single(Figures.Value.Executed.Cells[1].Outputs);

        Assert.Equal(OutputType.ExecuteResult, result.OutputType);
        Assert.Equal([MimeTypes.Html, MimeTypes.Text, MimeTypes.Plotly], result.Data.Keys);
        var figure = Assert.IsType<JsonObject>(result.Data[MimeTypes.Plotly]);
        Assert.Equal(0.0125, figure["data"]![0]!["y"]![3]!.GetValue<double>());
    }

    [Fact]
    public void Writeup_inlines_plotly_once_and_draws_each_figure()
    {
        string html = WriteupRenderer.Render(Figures.Value);

        Assert.Equal(1, CountOf(html, "<script data-plotly-version=\"" + NotebookKit.Plotting.PlotlyJs.Version + "\">"));
        Assert.Equal(1, CountOf(html, "window.Plotly.newPlot(el"));
        Assert.DoesNotContain("<script src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-plotly-version", WriteupRenderer.Render(TestNotebooks.Run(Samples.Load("failing.ipynb"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Png_fallbacks_are_separate_display_data_outputs()
    {
        var notebook = Figures.Value.Executed.Clone();

        int added = await PngFallbacks.AddAsync(notebook);

        Assert.Equal(1, added);
        var outputs = notebook.Cells[1].Outputs;
        Assert.Equal(2, outputs.Count);
        Assert.False(outputs[0].Data.ContainsKey(MimeTypes.Png));
        var png = outputs[1];
        Assert.Equal(OutputType.DisplayData, png.OutputType);
        Assert.Equal([MimeTypes.Png], png.Data.Keys);
        byte[] bytes = Convert.FromBase64String(png.TextOf(MimeTypes.Png)!);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        Assert.Equal(400, ReadBigEndian(bytes, 16));
        Assert.Equal(300, ReadBigEndian(bytes, 20));
        string path = Path.Combine(TestNotebooks.TempFolder(), "figures.ipynb");
        NotebookWriter.Write(notebook, path);
        Assert.Null(TestNotebooks.NbformatErrors(path));
        Assert.Equal(0, CountOf(WriteupRenderer.Render(notebook), "<img alt=\"output image\""));
        Assert.Equal(1, await PngFallbacks.AddAsync(notebook));
        Assert.Equal(2, notebook.Cells[1].Outputs.Count);
    }

    private static int ReadBigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
