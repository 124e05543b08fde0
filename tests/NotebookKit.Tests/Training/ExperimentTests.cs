using System.Text.Json.Nodes;
using NotebookKit.Data;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

/// <summary>End to end on real Fashion-MNIST (installed by tools/test.sh from the Debian package dataset-fashion-mnist).</summary>
public class ExperimentTests
{
    private static TrainingConfig Config(string extra = "")
    {
        var json = JsonNode.Parse($$"""
            {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
             "optimizer": {"type": "SGD", "lr": 0.05, "momentum": 0.9}, "epochs": 1, "batch_size": 64,
             "train_limit": 2000, "test_limit": 1000, "seed": 1, "threads": 2}
            """)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse("{" + extra.TrimStart(',', ' ') + "}")!.AsObject())
        {
            json[key] = value?.DeepClone();
        }

        return TrainingConfig.Parse(json);
    }

    [Fact]
    public void An_mlp_learns_fashion_mnist_in_one_short_epoch()
    {
        var experiment = Experiment.Prepare(Config());
        Assert.Equal(2000, experiment.Data.Train.Count);
        Assert.Equal(1000, experiment.Data.Test.Count);
        var result = experiment.Run();
        // Ten classes: chance is 0.1.
        Assert.True(result.Evaluation.Accuracy > 0.6, $"test accuracy {result.Evaluation.Accuracy}");
        Assert.Equal(result.History.Epochs[^1].TestAccuracy, result.Evaluation.Accuracy);
        Assert.Equal(2000 / 64 + 1, result.History.Batches.Count);
        var report = result.Evaluation.ClassificationReport();
        Assert.Equal(1000, report.Total);
        Assert.Equal(result.Evaluation.Accuracy, report.Accuracy, 12);
        var json = result.ToJson();
        Assert.Equal(result.Evaluation.Accuracy, json["test_accuracy"]!.GetValue<double>());
        Assert.Single(json["history"]!.AsArray());
    }

    [Fact]
    public void The_same_seed_gives_bit_identical_histories()
    {
        var config = Config(""", "train_limit": 640, "test_limit": 200, "scheduler": {"type": "OneCycleLR", "max_lr": 0.1, "total_steps": 11}""");
        var a = Experiment.Prepare(config).Run().History;
        var b = Experiment.Prepare(config).Run().History;
        Assert.Equal(a.Batches, b.Batches);
        Assert.Equal(a.Epochs[0].TestLoss, b.Epochs[0].TestLoss);
        // OneCycleLR is a per-batch scheduler: the rate changes at every step.
        Assert.Equal(10, a.Batches.Select(r => r.LearningRate).Distinct().Count());
    }

    [Fact]
    public void The_range_test_restores_the_model_and_suggests_rates_inside_the_sweep()
    {
        var experiment = Experiment.Prepare(Config(""", "start_lr": 1e-5, "end_lr": 10, "num_iter": 40"""));
        var before = experiment.Model.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var result = experiment.FindLearningRate();
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i], experiment.Model.Parameters[i].Value);
        }

        Assert.NotNull(result.Suggestions.Valley);
        Assert.InRange(result.Suggestions.Valley!.Value, 1e-5, 10);
        Assert.InRange(result.Suggestions.Steep!.Value, 1e-5, 10);
        Assert.Contains("\"data\"", result.Plot().ToPlotlyJson());
    }

    [Theory]
    [InlineData("""{"type": "ReduceLROnPlateau", "patience": 0, "factor": 0.5}""")]
    [InlineData("""{"type": "OneCycleLR", "max_lr": 0.1, "total_steps": 31}""")]
    public void Resuming_real_pieces_from_a_checkpoint_is_bit_identical(string scheduler)
    {
        string path = Path.Combine(Path.GetTempPath(), $"nbkit-exp-{Guid.NewGuid():N}.json");
        try
        {
            string extra = $$""", "train_limit": 640, "test_limit": 200, "epochs": 3, "scheduler": {{scheduler}}, "optimizer": {"type": "AdamW", "lr": 0.002}""";
            var uninterrupted = Experiment.Prepare(Config(extra));
            uninterrupted.Run();

            var first = Experiment.Prepare(Config(extra));
            using var stop = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => first.Trainer.Fit(new StopAfter(first.Trainer, 2, stop), stop.Token));
            Assert.Equal(2, first.Trainer.CompletedEpochs);
            first.Trainer.SaveCheckpoint(path);
            var resumed = Experiment.Prepare(Config(extra));
            resumed.Trainer.LoadCheckpoint(path);
            resumed.Run();

            Assert.Equal(uninterrupted.Trainer.History.Batches, resumed.Trainer.History.Batches);
            for (int i = 0; i < uninterrupted.Model.Parameters.Count; i++)
            {
                Assert.Equal(uninterrupted.Model.Parameters[i].Value, resumed.Model.Parameters[i].Value);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Requests cancellation once the trainer has finished the given number of epochs (an interruption).</summary>
    private sealed class StopAfter(Trainer trainer, int epochs, CancellationTokenSource stop) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.EpochRecord is not null && trainer.CompletedEpochs >= epochs)
            {
                stop.Cancel();
            }
        }
    }
}
