using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Data;

namespace NotebookKit.Notebooks.Tests;

/// <summary>
/// Executes the walkthroughs in <c>notebooks/</c> through the runner at their defaults, the way CI does: each must
/// pass (no cell error, every claim check holding) and leave an executed notebook and an HTML write-up.
/// </summary>
/// <remarks>
/// Each run has a worker process of its own; the class is still its own collection that never runs beside other tests,
/// so the lessons' training does not compete with other tests for the two cores. CIFAR-10 cannot be downloaded on CI machines, so notebook 02
/// reads a synthetic folder written in CIFAR-10's exact binary layout; Fashion-MNIST comes from the Debian package
/// <c>dataset-fashion-mnist</c> that tools/test.sh installs.
/// </remarks>
[Collection(nameof(NotebooksRunTests))]
public sealed class NotebooksRunTests(ChromiumFixture chromium) : IDisposable, IClassFixture<ChromiumFixture>
{
    private readonly string scratch = Directory.CreateTempSubdirectory("nbkit-notebooks-").FullName;

    /// <summary>
    /// The walkthroughs: parameters (none means the lesson's defaults, which is what a student runs and what its claims
    /// promise), and how many claim checks the executed lesson must show holding.
    /// </summary>
    public static TheoryData<string, string[], int> Walkthroughs => new()
    {
        { "01-learning-rate-decay", [], 21 },
        { "02-step-decay-cifar10", [], 6 },
        // Every lesson runs at its defaults: its claims hold there (and with other seeds), not on toy runs.
        { "03-weight-decay-l2-adamw", [], 10 },
        { "04-cyclical-learning-rates", [], 6 },
        { "05-adaptive-learning-rates", [], 11 },
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test on cleanup.
        }
    }

    [Theory]
    [MemberData(nameof(Walkthroughs))]
    public async Task Walkthrough_runs_and_its_claims_hold(string name, string[] quick, int minimumClaims)
    {
        var parameters = quick.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        parameters["Threads"] = "2";
        if (name.Contains("cifar10", StringComparison.Ordinal))
        {
            string dataRoot = Path.Combine(scratch, "data");
            // As many images per class as the lesson's defaults use, so CI runs the default workload.
            Cifar10.WriteSynthetic(dataRoot, trainPerClass: 100, testPerClass: 25, seed: 1);
            parameters["DataDir"] = dataRoot;
        }

        var notebook = Notebook.Load(Path.Combine(RepositoryRoot, "notebooks", name + ".ipynb"));
        // The timeout only catches a hang: lesson 02's training cell (8 MiniVGGNet runs, about 3 minutes of CPU time)
        // took over 10 minutes of wall time on a 2-core machine shared with other builds.
        var result = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { Parameters = parameters, CellTimeout = TimeSpan.FromMinutes(45) });

        string ipynb = Path.Combine(scratch, name + ".ipynb");
        string html = Path.Combine(scratch, name + ".html");
        NotebookWriter.Write(result.Executed, ipynb);
        WriteupRenderer.Write(result, html);

        Assert.True(result.Succeeded, $"{name}: {result.Error}{Environment.NewLine}{Describe(result.FailedCell)}");
        Assert.DoesNotContain(result.Cells, c => c.Status is CellRunStatus.Failed or CellRunStatus.NotRun);
        Assert.True(File.Exists(ipynb) && new FileInfo(ipynb).Length > 0, $"{ipynb} was not written");
        Assert.True(File.Exists(html) && new FileInfo(html).Length > 0, $"{html} was not written");

        // Every walkthrough draws charts: the executed notebook must carry at least one Plotly figure.
        var executed = JsonNode.Parse(File.ReadAllText(ipynb))!;
        int figures = executed["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .Count(o => o!["data"]?["application/vnd.plotly.v1+json"] is not null);
        Assert.True(figures > 0, $"{name}: no Plotly figure in the executed notebook");

        // Claims are visible: each one that holds is an HTML output marked data-nbkit-claim="holds".
        int claims = executed["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .Count(o => o!["data"]?["text/html"] is { } html && JoinLines(html).Contains("data-nbkit-claim=\"holds\"", StringComparison.Ordinal));
        Assert.True(claims >= minimumClaims, $"{name}: {claims} claim checks shown, expected at least {minimumClaims}");

        // As a front end shows it: every text/html output in order, one page, network refused: every chart draws.
        var outputs = await FrontEnd.ShowAsync(chromium.Browser, FrontEnd.OutputsPage(result.Executed));
        FrontEnd.AssertAllDrawn(outputs, $"{name} outputs");
        Assert.Equal(figures, outputs.Charts.Count);

        // The write-up a student reads: charts drawn offline, math typeset, no raw TeX, nothing hidden sideways.
        // The screenshot is kept under artifacts/writeups/ to look at.
        var writeup = await FrontEnd.InspectWriteupAsync(chromium.Browser, html, Path.Combine(RepositoryRoot, "artifacts", "writeups", name + ".png"));
        FrontEnd.AssertReadable(writeup, $"{name} write-up");

        // And in narrower windows, about a notebook editor's width beside a side bar, and a half screen of a laptop
        // (the same executed outputs: no second run).
        foreach (int width in new[] { 760, 700 })
        {
            FrontEnd.AssertReadable(await FrontEnd.InspectWriteupAsync(chromium.Browser, html, width: width), $"{name} write-up at {width} px");
        }

        Assert.True(writeup.Formulas > 0, $"{name}: the lesson's math should be in the write-up");
        if (name.Contains("cifar10", StringComparison.Ordinal))
        {
            // The data source must be shown, so a substitute folder is never mistaken for real CIFAR-10.
            Assert.Contains(Path.Combine(scratch, "data"), File.ReadAllText(ipynb).Replace("\\\\", "\\", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        if (name.Contains("cifar10", StringComparison.Ordinal))
        {
            // One progress bar per training run (4 schedules x 2 seeds at the defaults), updated in place to its end
            // (not one output per update).
            var bars = result.Executed.Cells.SelectMany(c => c.Outputs)
                .Select(o => o.TextOf(MimeTypes.Html)).Where(h => h?.Contains("class=\"nbkit-progress\"", StringComparison.Ordinal) == true).ToList();
            Assert.Equal(4 * 2, bars.Count);
            Assert.All(bars, b => Assert.Contains("aria-valuenow=\"100\"", b, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Walkthroughs_follow_the_house_template()
    {
        var names = Directory.GetFiles(Path.Combine(RepositoryRoot, "notebooks"), "*.ipynb").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Walkthroughs.Select(row => (string)row[0]!).Order(StringComparer.Ordinal), names);
        foreach (string name in names)
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "notebooks", name + ".ipynb")))!;
            Assert.Equal(".net-csharp", (string?)json["metadata"]!["kernelspec"]!["name"]);
            var cells = json["cells"]!.AsArray();
            var code = cells.Where(c => (string?)c!["cell_type"] == "code").ToList();
            string first = string.Concat(code[0]!["source"]!.AsArray().Select(l => (string?)l));
            Assert.StartsWith("#r \"../src/NotebookKit/bin/Release/net8.0/NotebookKit.dll\"", first, StringComparison.Ordinal);
            Assert.Single(code, c => c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true);
            Assert.All(code, c => Assert.Empty(c!["outputs"]!.AsArray()));
            Assert.Contains(cells, c => (string?)c!["cell_type"] == "markdown" && string.Concat(c["source"]!.AsArray().Select(l => (string?)l)).Contains("## Exercises", StringComparison.Ordinal));
        }
    }

    private static string JoinLines(JsonNode node) =>
        node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    private static string Describe(CellRunResult? cell)
    {
        if (cell is null)
        {
            return "";
        }

        var text = new StringBuilder($"cell {cell.Number} ({cell.Id}) outputs:");
        foreach (var output in cell.Outputs)
        {
            text.AppendLine().Append(output.OutputType).Append(": ")
                .Append(output.ErrorValue ?? (output.Text.Length > 0 ? output.Text : output.TextOf("text/plain")));
        }

        return text.ToString();
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No NotebookKit.sln above {AppContext.BaseDirectory}.");
        }
    }
}

/// <summary>Runs <see cref="NotebooksRunTests"/> alone: see its remarks.</summary>
[CollectionDefinition(nameof(NotebooksRunTests), DisableParallelization = true)]
public sealed class NotebooksRunCollection;
