using System.Text.Json.Nodes;
using NotebookKit.Training.Sweeps;

namespace NotebookKit.Tests.Training.Sweeps;

public class SweepPointIdTests
{
    private static IReadOnlyList<string> Ids(string sweep) =>
        [.. SweepSpec.Parse(JsonNode.Parse(sweep)!.AsObject()).Plan().Points.Select(p => p.Id)];

    [Fact]
    public void An_id_shows_the_overrides_then_a_hash_of_the_whole_config()
    {
        var ids = Ids("""
            {"base": {"dataset": "fashion-mnist", "model": "mlp", "optimizer": {"type": "SGD", "lr": 0.1}},
             "grid": {"optimizer.lr": [0.01, 5e-5], "seed": [0, 1]}}
            """);
        Assert.Matches("^lr-0\\.01_seed-0_[0-9a-f]{8}$", ids[0]);
        Assert.Matches("^lr-5e-05_seed-1_[0-9a-f]{8}$", ids[3]);
        Assert.Equal(4, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(SweepPointId.IsWellFormed(id), id));
    }

    [Fact]
    public void The_same_experiment_written_differently_gets_the_same_id()
    {
        var a = Ids("""
            {"base": {"dataset": "fashion-mnist", "model": "mlp", "optimizer": {"type": "SGD", "lr": 0.1}, "epochs": 2},
             "grid": {"optimizer.lr": [0.1, 0.01]}}
            """);

        // Other key order, other number spellings, another data folder, a sweep name: the experiments are the same.
        var b = Ids("""
            {"name": "other",
             "base": {"epochs": 2.0, "optimizer": {"lr": 1e-1, "type": "SGD"}, "model": "mlp", "dataset": "fashion-mnist",
                      "data_dir": "/elsewhere/data"},
             "grid": {"optimizer.lr": [0.10, 1e-2]}}
            """);
        Assert.Equal(a, b);

        // Anything else in the base changes every id, so another experiment's results are never taken for these.
        var c = Ids("""
            {"base": {"dataset": "fashion-mnist", "model": "mlp", "optimizer": {"type": "SGD", "lr": 0.1}, "epochs": 3},
             "grid": {"optimizer.lr": [0.1, 0.01]}}
            """);
        Assert.Empty(a.Intersect(c));
    }

    [Fact]
    public void Ids_of_long_overrides_stay_short_and_clean()
    {
        var ids = Ids("""
            {"base": {"dataset": "fashion-mnist", "model": "mlp", "optimizer": {"type": "SGD", "lr": 0.1}},
             "points": [{"scheduler": {"type": "SequentialLR", "milestones": [1],
                                       "schedulers": [{"type": "LinearLR", "start_factor": 0.1, "total_iters": 1},
                                                      {"type": "StepLR", "step_size": 1, "gamma": 0.5}]},
                         "optimizer.momentum": 0.9, "optimizer.nesterov": true, "optimizer.dampening": 0,
                         "optimizer.weight_decay": 0.0005, "batch_size": 32, "seed": 3}]}
            """);
        string id = Assert.Single(ids);
        Assert.True(SweepPointId.IsWellFormed(id), id);
        Assert.True(id.Length <= 140, id);
        Assert.Contains("scheduler-SequentialLR", id, StringComparison.Ordinal);
        Assert.False(SweepPointId.IsWellFormed(".hidden"));
        Assert.False(SweepPointId.IsWellFormed("a/b"));
    }
}
