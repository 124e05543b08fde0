using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Tests.Specs;

public sealed class SpecReaderTests
{
    private static SpecReader Read(string json, string path = "optimizer", bool integerLiterals = false) =>
        new(JsonNode.Parse(json)!.AsObject(), path, integerLiterals);

    private static string Error(Action read) => Assert.Throws<SpecException>(read).Message;

    [Fact]
    public void Null_for_a_required_key_is_refused_with_its_path()
    {
        var r = Read("""{"lr": null, "betas": [0.9, null], "type": null}""");
        Assert.Equal("optimizer.lr: must not be null; expected a number", Error(() => r.Number("lr")));
        Assert.Equal("optimizer.type: must not be null; expected a string", Error(() => r.String("type")));
        Assert.Equal("optimizer.betas: item 1 is null; expected a number", Error(() => r.NumberList("betas")));
    }

    [Fact]
    public void A_missing_required_key_is_named()
    {
        var r = Read("{}");
        Assert.Equal("optimizer.lr: is required: a number", Error(() => r.Number("lr")));
        Assert.Equal("optimizer.scheduler: is required: an object such as {}", Error(() => r.Object("scheduler", "{}")));
    }

    [Fact]
    public void Null_for_an_optional_key_means_absent()
    {
        var r = Read("""{"data_dir": null, "train_limit": null, "augment": null}""", "");
        Assert.Null(r.OptionalString("data_dir"));
        Assert.Null(r.OptionalInteger("train_limit"));
        Assert.True(r.Bool("augment", true));
        Assert.Equal(0.5, r.Number("beta", 0.5));
    }

    [Fact]
    public void Wrong_types_name_the_key_path_and_the_value()
    {
        var r = Read("""{"lr": "fast", "nesterov": 1, "mode": 3, "sub": [1]}""", "scheduler.schedulers[2]");
        Assert.Equal("scheduler.schedulers[2].lr: must be a number, got \"fast\"", Error(() => r.Number("lr")));
        Assert.Equal("scheduler.schedulers[2].nesterov: must be true or false, got 1", Error(() => r.Bool("nesterov", false)));
        Assert.Equal("scheduler.schedulers[2].mode: must be a string, got 3", Error(() => r.String("mode", "min")));
        Assert.Equal("scheduler.schedulers[2].sub: must be an object such as {}, got [1]", Error(() => r.Object("sub", "{}")));
    }

    [Fact]
    public void Integers_are_whole_numbers_and_literals_where_pytorch_checks_int()
    {
        Assert.Equal(64, Read("""{"batch_size": 64.0}""").Integer("batch_size"));
        Assert.Equal("optimizer.batch_size: must be an integer, got 2.5", Error(() => Read("""{"batch_size": 2.5}""").Integer("batch_size")));
        Assert.Equal("scheduler.step_size: must be an integer, got 2.0", Error(() => Read("""{"step_size": 2.0}""", "scheduler", integerLiterals: true).Integer("step_size")));
        Assert.Equal("epochs: must be an integer in [1, 10], got 0", Error(() => Read("""{"epochs": 0}""", "").OptionalInteger("epochs", 1, 10)));
    }

    [Fact]
    public void Numbers_built_in_code_read_like_parsed_ones()
    {
        var r = new SpecReader(new JsonObject { ["lr"] = 1, ["steps"] = 3L, ["beta"] = 0.5f }, "");
        Assert.Equal((1.0, 3L, 0.5), (r.Number("lr"), r.Integer("steps"), r.Number("beta")));
    }

    [Fact]
    public void Unknown_keys_are_named_with_the_accepted_ones()
    {
        var r = Read("""{"type": "SGD", "lr": 0.1, "nestrov": true}""");
        r.Accept("type");
        r.Number("lr");
        Assert.Equal("optimizer.nestrov: is not an argument of SGD; accepted: lr, type", Error(() => r.RejectUnknown("an argument of SGD")));
    }

    [Fact]
    public void One_of_lists_the_choices()
    {
        var r = Read("""{"mode": "max2"}""", "");
        Assert.Equal("mode: must be one of \"min\", \"max\", got \"max2\"", Error(() => r.OneOf("mode", ["min", "max"], "min")));
    }

    [Fact]
    public void Library_argument_errors_become_key_path_errors_without_the_dotnet_suffix()
    {
        var r = Read("""{"lr": -1, "gamma": 2}""", "scheduler");
        var onKey = Assert.Throws<SpecException>(() => r.Build<int>(() => throw new ArgumentOutOfRangeException("lr", -1, "lr must be non-negative, got -1."), "StepLR"));
        Assert.Equal("scheduler.lr: StepLR: lr must be non-negative, got -1.", onKey.Message);
        var onObject = Assert.Throws<SpecException>(() => r.Build<int>(() => throw new ArgumentException("step_size must be positive.", "stepSize")));
        Assert.Equal("scheduler: step_size must be positive.", onObject.Message);
        Assert.IsType<ArgumentException>(onObject.InnerException);
    }

    [Fact]
    public void Items_of_a_list_get_their_index_in_the_path()
    {
        var r = Read("""{"schedulers": [{"type": "StepLR"}, 3]}""", "scheduler");
        var list = r.List("schedulers", "a list");
        Assert.Equal("scheduler.schedulers[0]", r.Item("schedulers", list, 0, "{}").Path);
        Assert.Equal("scheduler.schedulers[1]: must be an object such as {}, got 3", Error(() => r.Item("schedulers", list, 1, "{}")));
    }
}
