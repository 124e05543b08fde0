using NotebookKit.Nn.Models;
using NotebookKit.Optim;
using NotebookKit.Tests.Plotting;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

/// <summary>
/// The configs under tests/NotebookKit.Benchmarks/configs feed both <c>nbkit train</c> and the PyTorch twin
/// (pytorch/train.py) for the accuracy-parity figures in docs/benchmarks.md; they must stay valid as the config rules evolve.
/// </summary>
public class BenchmarkConfigsTests
{
    private static string ConfigsFolder => Path.Combine(JsonSnapshot.RepoRoot(), "tests", "NotebookKit.Benchmarks", "configs");

    [Fact]
    public void Every_benchmark_config_loads_and_builds_its_model_and_optimizer()
    {
        string[] files = Directory.GetFiles(ConfigsFolder, "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var config = TrainingConfig.Load(file);
            var model = Models.Create(config.Model, 1, 28, 28, 10, config.Seed);
            var optimizer = OptimizerSpec.Create(config.Optimizer, model.Parameters);
            Assert.Equal(config.Optimizer["lr"]!.GetValue<double>(), optimizer.Groups[0].LearningRate);
        }
    }

    [Fact]
    public void The_lenet_parity_set_differs_only_in_the_seed_its_file_names()
    {
        string folder = Path.Combine(ConfigsFolder, "lenet-fashion-mnist-sgd");
        var files = Directory.GetFiles(folder, "seed*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 3, $"expected at least seeds 0, 1, 2 in {folder}");
        string reference = TrainingConfig.Load(files[0]).ToJson().ToJsonString();
        foreach (string file in files)
        {
            var config = TrainingConfig.Load(file);
            Assert.Equal(ulong.Parse(Path.GetFileNameWithoutExtension(file)["seed".Length..], System.Globalization.CultureInfo.InvariantCulture), config.Seed);
            Assert.Equal(("lenet", "fashion-mnist", 5, 128, (int?)null, (int?)null), (config.Model, config.Dataset, config.Epochs, config.BatchSize, config.TrainLimit, config.TestLimit));
            Assert.Equal(reference, (config with { Seed = TrainingConfig.Load(files[0]).Seed }).ToJson().ToJsonString());
        }
    }
}
