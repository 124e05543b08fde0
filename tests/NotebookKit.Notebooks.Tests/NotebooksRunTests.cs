using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Data;

namespace NotebookKit.Notebooks.Tests;

/// <summary>
/// Executes the four walkthroughs in <c>notebooks/</c> through the runner with quick parameters, the way CI does:
/// each must pass (no cell error) and leave an executed notebook and an HTML write-up.
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

    /// <summary>The walkthroughs, each with parameters that keep all four together to a few minutes on 2 cores.</summary>
    public static TheoryData<string, string[]> Walkthroughs => new()
    {
        { "01-learning-rate-decay", ["Epochs=1", "TrainPerClass=30", "TestPerClass=20", "PlateauEpochs=4"] },
        { "02-step-decay-cifar10", ["Epochs=2", "TrainPerClass=10", "TestPerClass=10", "DropEvery=1"] },
        // 03 and 04 check their claims on their runs, which hold at the defaults (and with other seeds), not on toy runs.
        { "03-weight-decay-l2-adamw", [] },
        { "04-cyclical-learning-rates", [] },
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
    public async Task Walkthrough_runs_with_quick_parameters(string name, string[] quick)
    {
        var parameters = quick.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        parameters["Threads"] = "2";
        if (name.Contains("cifar10", StringComparison.Ordinal))
        {
            string dataRoot = Path.Combine(scratch, "data");
            Cifar10.WriteSynthetic(dataRoot, trainPerClass: 10, testPerClass: 10, seed: 1);
            parameters["DataDir"] = dataRoot;
        }

        var notebook = Notebook.Load(Path.Combine(RepositoryRoot, "notebooks", name + ".ipynb"));
        var result = await NotebookRunner.RunAsync(notebook, new NotebookRunOptions { Parameters = parameters, CellTimeout = TimeSpan.FromMinutes(3) });

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

        // As a front end shows it: every text/html output in order, one page, network refused: every chart draws.
        var outputs = await FrontEnd.ShowAsync(chromium.Browser, FrontEnd.OutputsPage(result.Executed));
        FrontEnd.AssertAllDrawn(outputs, $"{name} outputs");
        Assert.Equal(figures, outputs.Charts.Count);

        // The write-up a student reads: charts drawn offline, math typeset, no raw TeX, nothing hidden sideways.
        // The screenshot is kept under artifacts/writeups/ to look at.
        var writeup = await FrontEnd.InspectWriteupAsync(chromium.Browser, html, Path.Combine(RepositoryRoot, "artifacts", "writeups", name + ".png"));
        FrontEnd.AssertReadable(writeup, $"{name} write-up");

        // And in a narrower window, about a notebook editor's width beside a side bar.
        FrontEnd.AssertReadable(await FrontEnd.InspectWriteupAsync(chromium.Browser, html, width: 760), $"{name} write-up at 760 px");
        Assert.True(writeup.Formulas > 0, $"{name}: the lesson's math should be in the write-up");
        if (name.Contains("cifar10", StringComparison.Ordinal))
        {
            // The data source must be shown, so a substitute folder is never mistaken for real CIFAR-10.
            Assert.Contains(Path.Combine(scratch, "data"), File.ReadAllText(ipynb).Replace("\\\\", "\\", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        if (name.Contains("cifar10", StringComparison.Ordinal))
        {
            // One progress bar per training run, updated in place to its end (not one output per update).
            var bars = result.Executed.Cells.SelectMany(c => c.Outputs)
                .Select(o => o.TextOf(MimeTypes.Html)).Where(h => h?.Contains("class=\"nbkit-progress\"", StringComparison.Ordinal) == true).ToList();
            Assert.Equal(2, bars.Count);
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
