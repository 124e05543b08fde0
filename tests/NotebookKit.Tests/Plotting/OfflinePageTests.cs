using System.Text.RegularExpressions;
using NotebookKit.Display;
using NotebookKit.Plotting;

namespace NotebookKit.Tests.Plotting;

public class OfflinePageTests
{
    [Fact]
    public void Page_inlines_plotly_once_with_its_licence_for_any_number_of_figures()
    {
        IHtmlDisplayable[] items =
        [
            HtmlBlock.Heading("Schedules & <friends>"),
            Charts.Bar(["a"], [1]),
            Charts.Bar(["b"], [2]),
            HtmlBlock.Paragraph("done"),
        ];
        string html = OfflinePage.Render("Report <1>", items);
        Assert.Single(Regex.Matches(html, Regex.Escape($"plotly.js v{PlotlyJs.Version}")));
        Assert.Contains("Permission is hereby granted", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "class=\"nbkit-plot\"").Count);
        Assert.Contains("<title>Report &lt;1&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Schedules &amp; &lt;friends&gt;</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_writes_the_page_and_leaves_no_temp_file()
    {
        string dir = Directory.CreateTempSubdirectory("nbkit-page-").FullName;
        try
        {
            string path = Path.Combine(dir, "page.html");
            OfflinePage.Save(path, "t", [Charts.Bar(["a"], [1])]);
            Assert.True(File.Exists(path));
            Assert.Equal([path], Directory.GetFiles(dir));
            Assert.Contains("Plotly.newPlot", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Save_to_a_missing_folder_says_which_folder()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nbkit-missing-{Guid.NewGuid():N}", "page.html");
        var e = Assert.Throws<DirectoryNotFoundException>(() => OfflinePage.Save(path, "t", []));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }
}
