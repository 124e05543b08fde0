namespace NotebookKit.Notebooks.Tests;

/// <summary>
/// An executed notebook's charts draw in a front end with no network: all its text/html outputs, in order, in one
/// page with every request refused (plotly.js travels inline with the notebook's first chart).
/// </summary>
[Collection(nameof(NotebooksRunTests))]
public sealed class OfflineChartsTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Setup = """
        #r "nuget: NotebookKit"
        using NotebookKit.Plotting;
        double[] x = [1, 2, 3, 4];
        """;

    [Fact]
    public async Task Every_chart_of_an_executed_notebook_draws_from_its_html_outputs_offline()
    {
        var notebook = TestNotebooks.FromCode(
            Setup,
            """display(Charts.Lines(x, [new Series("lr", [0.1, 0.05, 0.025, 0.0125])], title: "Step decay", logY: true));""",
            """
            Console.WriteLine("two charts in one cell");
            display(Charts.Bar(["SGD", "AdamW"], [71.0, 78.0], "Accuracy"));
            Charts.Lines(x, [new Series("train", [2, 1.5, 1.2, 1.0]), new Series("test", [2.1, 1.7, 1.5, 1.45])], title: "Loss")
            """);

        var first = TestNotebooks.Run(notebook);
        Assert.True(first.Succeeded, first.Error);
        var report = await FrontEnd.ShowAsync(chromium.Browser, FrontEnd.OutputsPage(first.Executed));
        FrontEnd.AssertAllDrawn(report, "first run");
        Assert.Equal(3, report.Charts.Count);

        // A second notebook run in the same process is a new session: its outputs carry plotly.js on their own.
        var second = TestNotebooks.Run(notebook);
        FrontEnd.AssertAllDrawn(await FrontEnd.ShowAsync(chromium.Browser, FrontEnd.OutputsPage(second.Executed)), "second run");
    }
}
