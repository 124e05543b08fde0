using System.Text.Json.Nodes;
using NotebookKit.Data;

namespace NotebookKit.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-train-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string json)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Train_writes_results_and_report_and_prints_the_results_last()
    {
        string config = Write("tiny.json", $$"""
            {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
             "optimizer": {"type": "SGD", "lr": 0.1, "momentum": 0.9}, "scheduler": {"type": "StepLR", "step_size": 1, "gamma": 0.5},
             "epochs": 2, "batch_size": 64, "train_limit": 600, "test_limit": 200, "seed": 0, "threads": 2}
            """);
        string outDir = Path.Combine(directory, "out");
        var run = Nbkit.Run("train", config, "--out", outDir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var last = JsonNode.Parse(run.LastLine)!.AsObject();
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")))!.AsObject();
        Assert.Equal(last.ToJsonString(), saved.ToJsonString());
        var history = last["history"]!.AsArray();
        Assert.Equal(2, history.Count);
        // StepLR(step_size=1, gamma=0.5) stepped per epoch.
        Assert.Equal(0.1, history[0]!["lr"]!.GetValue<double>(), 12);
        Assert.Equal(0.05, history[1]!["lr"]!.GetValue<double>(), 12);
        Assert.Equal(history[1]!["test_accuracy"]!.GetValue<double>(), last["test_accuracy"]!.GetValue<double>());
        Assert.InRange(last["test_accuracy"]!.GetValue<double>(), 0.3, 1.0);
        Assert.Equal("mlp", last["config"]!["model"]!.GetValue<string>());
        Assert.Equal(2, last["threads"]!.GetValue<int>());
        Assert.Contains("Plotly", File.ReadAllText(Path.Combine(outDir, "report.html")));
        Assert.Contains("epoch 2/2", run.Stderr);
    }

    [Fact]
    public void Train_runs_cifar10_with_augmentation_and_a_per_batch_scheduler()
    {
        // CIFAR-10 cannot be downloaded here: a small synthetic set in the official binary layout stands in.
        string dataDir = Path.Combine(directory, "data");
        Cifar10.WriteSynthetic(dataDir, trainPerClass: 4, testPerClass: 2, seed: 1);
        string config = Write("cifar.json", $$"""
            {"dataset": "cifar10", "data_dir": "{{dataDir}}", "model": "minivggnet", "augment": true,
             "optimizer": {"type": "AdamW", "lr": 0.001}, "scheduler": {"type": "CosineAnnealingLR", "T_max": 6},
             "scheduler_interval": "batch", "epochs": 2, "batch_size": 16, "seed": 3, "threads": 2, "max_grad_norm": 1.0}
            """);
        var run = Nbkit.Run("train", config, "--out", Path.Combine(directory, "cifar"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        var last = JsonNode.Parse(run.LastLine)!.AsObject();
        Assert.Equal(2, last["history"]!.AsArray().Count);
        Assert.True(last["config"]!["augment"]!.GetValue<bool>());
        // 40 images in batches of 16: 3 steps per epoch, so the cosine schedule is at step 3 when epoch 2 starts.
        double expected = 0.001 * (1 + Math.Cos(Math.PI * 3 / 6)) / 2;
        Assert.Equal(expected, last["history"]![1]!["lr"]!.GetValue<double>(), 12);
    }

    [Theory]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "epoch": 3}""", "epoch: is not a config key")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "model": "resnet"}""", "model: must be one of")]
    [InlineData("""{"optimizer": {"type": "SGDD", "lr": 0.1}, "train_limit": 10, "test_limit": 10}""", "optimizer.type: must be one of")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "scheduler": {"type": "StepLR"}, "train_limit": 10, "test_limit": 10}""", "step_size")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 1e30}, "epochs": 1, "train_limit": 640, "test_limit": 10}""", "at epoch 1, batch")]
    public void Bad_configs_fail_with_one_clear_line_and_write_nothing(string json, string message)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node["data_dir"] = FashionMnist.SystemFolder;
        string config = Write("bad.json", node.ToJsonString());
        string outDir = Path.Combine(directory, "never");
        var run = Nbkit.Run("train", config, "--out", outDir);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.StartsWith("error: ", run.Stderr.Trim().Split('\n')[^1]);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_missing_config_file_is_named()
    {
        var run = Nbkit.Run("train", Path.Combine(directory, "nope.json"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nope.json: file not found", run.Stderr);
    }
}
