using System.Text.Json.Nodes;
using NotebookKit.Data;

namespace NotebookKit.Tests.Cli;

public sealed class LrFindCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-lrfind-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Lr_find_prints_suggestions_last_and_writes_the_plot_page()
    {
        string config = Path.Combine(directory, "lr.json");
        File.WriteAllText(config, $$"""
            {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
             "optimizer": {"type": "SGD", "lr": 0.1, "momentum": 0.9}, "batch_size": 64, "train_limit": 1280,
             "test_limit": 10, "seed": 0, "threads": 2, "start_lr": 1e-5, "end_lr": 10, "num_iter": 40}
            """);
        string outDir = Path.Combine(directory, "out");
        var run = Nbkit.Run("lr-find", config, "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var suggestions = JsonNode.Parse(run.LastLine)!.AsObject();
        Assert.Equal(["valley", "steep", "minimum"], suggestions.Select(kv => kv.Key));
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "lr-find.json")))!.AsObject();
        Assert.Equal(suggestions.ToJsonString(), saved["suggestions"]!.ToJsonString());
        var lrs = saved["lrs"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(1e-5, lrs[0], 15);
        Assert.InRange(suggestions["valley"]!.GetValue<double>(), lrs[0], lrs[^1]);
        Assert.Contains("Plotly", File.ReadAllText(Path.Combine(outDir, "lr-find.html")));
    }

    [Fact]
    public void Lr_find_names_a_bad_range()
    {
        string config = Path.Combine(directory, "bad.json");
        File.WriteAllText(config, """{"optimizer": {"type": "SGD", "lr": 0.1}, "start_lr": 1, "end_lr": 0.5}""");
        var run = Nbkit.Run("lr-find", config);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("end_lr: must be greater than start_lr (1), got 0.5", run.Stderr);
    }
}
