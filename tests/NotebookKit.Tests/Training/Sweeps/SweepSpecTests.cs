using System.Text.Json.Nodes;
using NotebookKit.Specs;
using NotebookKit.Training.Sweeps;

namespace NotebookKit.Tests.Training.Sweeps;

public class SweepSpecTests
{
    private const string Base = """{"dataset": "fashion-mnist", "model": "mlp", "optimizer": {"type": "SGD", "lr": 0.1}, "epochs": 1}""";

    private static SweepPlan Plan(string sweep) => SweepSpec.Parse(JsonNode.Parse(sweep)!.AsObject()).Plan();

    private static SpecException Rejects(string sweep) => Assert.Throws<SpecException>(() => Plan(sweep));

    [Fact]
    public void A_grid_is_crossed_with_the_last_axis_varying_fastest()
    {
        var plan = Plan($$$"""{"base": {{{Base}}}, "grid": {"optimizer.lr": [0.01, 0.1], "optimizer.weight_decay": [0, 0.001], "seed": [0, 1]}}""");
        Assert.Equal(8, plan.Points.Count);
        Assert.Equal(["optimizer.lr", "optimizer.weight_decay", "seed"], plan.KeyPaths);
        string[] labels = [.. plan.Points.Select(p => p.Label)];
        Assert.Equal("optimizer.lr=0.01, optimizer.weight_decay=0, seed=0", labels[0]);
        Assert.Equal("optimizer.lr=0.01, optimizer.weight_decay=0, seed=1", labels[1]);
        Assert.Equal("optimizer.lr=0.01, optimizer.weight_decay=0.001, seed=0", labels[2]);
        Assert.Equal("optimizer.lr=0.1, optimizer.weight_decay=0.001, seed=1", labels[7]);
        Assert.Equal(Enumerable.Range(0, 8), plan.Points.Select(p => p.Index));

        // The overrides are written into the point's validated config; the rest of the base stays.
        var last = plan.Points[7].Config;
        Assert.Equal(0.1, last.Optimizer["lr"]!.GetValue<double>());
        Assert.Equal(0.001, last.Optimizer["weight_decay"]!.GetValue<double>());
        Assert.Equal("SGD", last.Optimizer["type"]!.GetValue<string>());
        Assert.Equal(1UL, last.Seed);
        Assert.Equal(1, last.Epochs);
    }

    [Fact]
    public void Explicit_points_are_crossed_with_the_grid_or_stand_alone()
    {
        var crossed = Plan($$$"""
            {"base": {{{Base}}}, "grid": {"seed": [0, 1, 2]},
             "points": [{"scheduler": null}, {"scheduler": {"type": "StepLR", "step_size": 1, "gamma": 0.5}}]}
            """);
        Assert.Equal(6, crossed.Points.Count);
        Assert.Null(crossed.Points[0].Config.Scheduler);
        Assert.Equal("StepLR", crossed.Points[3].Config.Scheduler!["type"]!.GetValue<string>());
        Assert.Equal([0UL, 1, 2, 0, 1, 2], crossed.Points.Select(p => p.Config.Seed));

        var alone = Plan($$$"""{"base": {{{Base}}}, "points": [{"optimizer.lr": 0.5}, {"optimizer.lr": 0.05, "batch_size": 32}]}""");
        Assert.Equal(2, alone.Points.Count);
        Assert.Equal(32, alone.Points[1].Config.BatchSize);
        Assert.Equal(["optimizer.lr", "batch_size"], alone.KeyPaths);
    }

    [Theory]
    [InlineData("""{"base": BASE, "grid": {"optimizer.lr": [0.1, -1]}}""", "grid.optimizer.lr[1]")]
    [InlineData("""{"base": BASE, "grid": {"epochs": [1, 0]}}""", "grid.epochs[1]")]
    [InlineData("""{"base": BASE, "points": [{"seed": 0}, {"scheduler": {"type": "StepLR", "step_size": 1, "gamma": "half"}}]}""", "points[1].scheduler.gamma")]
    [InlineData("""{"base": BASE, "grid": {"seed": [0, 1]}, "extra": 1}""", "extra")]
    [InlineData("""{"base": BASE, "grid": {"optimiser.lr": [0.1]}}""", "grid.optimiser.lr")]
    [InlineData("""{"base": BASE, "grid": {"seed": [0, 1, 0]}}""", "grid.seed[2]")]
    [InlineData("""{"base": BASE, "grid": {"seed": []}}""", "grid.seed")]
    [InlineData("""{"base": BASE, "grid": {"optimizer": [{"type": "SGD", "lr": 0.1}], "optimizer.lr": [0.1]}}""", "grid.optimizer.lr")]
    [InlineData("""{"base": BASE, "grid": {"seed": [0, 1]}, "points": [{"seed": 3}]}""", "points[0].seed")]
    [InlineData("""{"base": BASE, "grid": {"model.width": [1, 2]}}""", "grid.model.width[0]")]
    public void A_bad_sweep_is_rejected_naming_the_key_path_in_the_sweep_file(string sweep, string keyPath)
    {
        var error = Rejects(sweep.Replace("BASE", Base, StringComparison.Ordinal));
        Assert.Equal(keyPath, error.KeyPath);
        Assert.StartsWith(keyPath + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_that_is_not_a_valid_config_is_reported_at_its_base_key()
    {
        var error = Rejects("""{"base": {"dataset": "fashion-mnist", "model": "mlp", "optimizer": {"type": "SGD", "lr": 0.1}, "epochs": -2}, "grid": {"seed": [0, 1]}}""");
        Assert.Equal("base.epochs", error.KeyPath);
    }

    [Fact]
    public void A_sweep_needs_a_grid_or_points_and_points_that_differ()
    {
        Assert.Contains("\"grid\"", Rejects($$$"""{"base": {{{Base}}}}""").Message, StringComparison.Ordinal);

        // 0.10 and 0.1 are the same experiment: the second is named, with the twin's index.
        var twin = Rejects($$$"""{"base": {{{Base}}}, "points": [{"optimizer.lr": 0.1}, {"optimizer.lr": 0.10}]}""");
        Assert.Equal("points[1]", twin.KeyPath);
        Assert.Contains("points[0]", twin.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_file_is_read_through_the_spec_reader_with_its_file_name_as_default_name()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("nbkit-sweep-spec-").FullName, "lr-wd.json");
        try
        {
            File.WriteAllText(path, $$$"""{"base": {{{Base}}}, "grid": {"seed": [0, 1]}}""");
            var spec = SweepSpec.Load(path);
            Assert.Equal("lr-wd", spec.Name);

            // The sweep round-trips through its JSON (as the plan file records it).
            var again = SweepSpec.Parse(spec.ToJson());
            Assert.Equal(spec.Plan().Points.Select(p => p.Id), again.Plan().Points.Select(p => p.Id));

            File.WriteAllText(path, $$$"""{"base": {{{Base}}}, "grid": {"seed": [0, 1]}, "grid": {"seed": [2]}}""");
            Assert.Throws<SpecException>(() => SweepSpec.Load(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
