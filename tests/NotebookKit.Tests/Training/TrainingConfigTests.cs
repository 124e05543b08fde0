using System.Text.Json.Nodes;
using NotebookKit.Specs;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class TrainingConfigTests
{
    private static TrainingConfig Parse(string json) => TrainingConfig.Parse(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void The_design_example_parses_with_its_values()
    {
        var c = Parse("""
            {"dataset": "cifar10", "data_dir": null, "model": "minivggnet",
             "optimizer": {"type": "SGD", "lr": 0.1, "momentum": 0.9},
             "scheduler": {"type": "StepLR", "step_size": 5}, "scheduler_interval": "epoch", "epochs": 10,
             "batch_size": 128, "train_limit": null, "test_limit": 500, "augment": true, "seed": 3, "threads": 2}
            """);
        Assert.Equal(("cifar10", "minivggnet", 10, 128, 500, true, 3UL, 2), (c.Dataset, c.Model, c.Epochs, c.BatchSize, c.TestLimit, c.Augment, c.Seed, c.Threads));
        Assert.Null(c.TrainLimit);
        Assert.Equal("StepLR", c.Scheduler!["type"]!.GetValue<string>());
        Assert.Equal("epoch", c.SchedulerInterval);
        var round = TrainingConfig.Parse(c.ToJson());
        Assert.Equal(c.ToJson().ToJsonString(), round.ToJson().ToJsonString());
    }

    [Theory]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "epoch": 3}""", "epoch: is not a config key")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "model": "resnet"}""", "model: must be one of \"mlp\", \"lenet\", \"minivggnet\", got \"resnet\"")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "epochs": 0}""", "epochs: must be an integer in [1,")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "batch_size": 2.5}""", "batch_size: must be an integer, got 2.5")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "augment": "yes"}""", "augment: must be true or false")]
    [InlineData("""{"optimizer": "SGD"}""", "optimizer: must be an object")]
    [InlineData("""{"dataset": "mnist", "optimizer": {"type": "SGD", "lr": 0.1}}""", "dataset: must be one of")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "start_lr": 1, "end_lr": 0.1}""", "end_lr: must be greater than start_lr (1), got 0.1")]
    [InlineData("""{"model": "mlp"}""", "optimizer: is required")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "monitor": "val_f1"}""", "monitor: must be one of")]
    public void Bad_keys_and_values_are_named(string json, string message) =>
        Assert.Contains(message, Assert.Throws<SpecException>(() => Parse(json)).Message);

    [Fact]
    public void A_key_written_twice_is_named_as_such() =>
        Assert.Contains("appears twice", Assert.Throws<SpecException>(() => Parse("""{"optimizer": {"type": "SGD", "lr": 0.1}, "epochs": 1, "epochs": 2}""")).Message);

    [Fact]
    public void A_whole_number_written_as_a_float_is_accepted()
    {
        Assert.Equal(64, Parse("""{"optimizer": {"type": "SGD", "lr": 0.1}, "batch_size": 64.0}""").BatchSize);
    }
}
