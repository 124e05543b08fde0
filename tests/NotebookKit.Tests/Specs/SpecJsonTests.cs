using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Tests.Specs;

public sealed class SpecJsonTests
{
    [Theory]
    [InlineData("""{"epochs": 1, "epochs": 2}""", "epochs")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1, "lr": 0.2}}""", "optimizer.lr")]
    [InlineData("""{"scheduler": {"type": "SequentialLR", "schedulers": [{"type": "ConstantLR"}, {"type": "StepLR", "gamma": 0.1, "gamma": 0.5}]}}""", "scheduler.schedulers[1].gamma")]
    [InlineData("""[1, {"a": 1}, {"b": [2, 3], "c": {"d": 1, "d": 2}}]""", "[2].c.d")]
    public void A_key_written_twice_is_named_by_its_path(string json, string path)
    {
        var e = Assert.Throws<SpecException>(() => SpecJson.Parse(json, "config.json"));
        Assert.Equal(path, e.KeyPath);
        Assert.StartsWith($"{path}: the key \"{path.Split('.')[^1]}\" appears twice in config.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_key_in_sibling_objects_is_fine()
    {
        var node = SpecJson.Parse("""{"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}""", "f.json");
        Assert.Equal(4, node!["c"]![1]!["x"]!.GetValue<int>());
    }

    [Fact]
    public void Invalid_json_names_the_file()
    {
        var e = Assert.Throws<SpecException>(() => SpecJson.Parse("""{"optimizer": """, "train.json"));
        Assert.StartsWith("train.json: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_can_be_left_to_the_reader_of_each_object()
    {
        JsonNode? batch = SpecJson.Parse("""[{"steps": 1}, {"steps": 1, "steps": 2}]""", "batch.json", rejectDuplicateKeys: false);
        _ = new SpecReader(batch![0]!.AsObject(), "[0]");
        var e = Assert.Throws<SpecException>(() => new SpecReader(batch[1]!.AsObject(), "[1]"));
        Assert.Equal("[1].steps", e.KeyPath);
        Assert.DoesNotContain("(Parameter", e.Message, StringComparison.Ordinal);
    }
}
