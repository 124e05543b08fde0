using System.Text.Json.Nodes;
using NotebookKit.Data;
using NotebookKit.Training.Sweeps;

namespace NotebookKit.Tests.Training.Sweeps;

/// <summary>Shards run in this process on real Fashion-MNIST (tiny limits), then merged.</summary>
public sealed class SweepRunnerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-sweep-runner-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static SweepPlan Plan(string grid, string name = "tiny") => SweepSpec.Parse(JsonNode.Parse($$"""
        {"name": "{{name}}",
         "base": {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
                  "optimizer": {"type": "SGD", "lr": 0.05}, "epochs": 1, "batch_size": 64,
                  "train_limit": 256, "test_limit": 128, "threads": 1},
         "grid": {{grid}}}
        """)!.AsObject()).Plan();

    private SweepFolder Folder(string name) => new(Path.Combine(directory, name));

    [Fact]
    public void Two_shards_share_a_folder_a_rerun_skips_everything_and_the_merge_has_every_point()
    {
        var plan = Plan("""{"optimizer.lr": [0.01, 0.05], "seed": [0, 1]}""");
        var folder = Folder("shared");
        var states = new List<(string Id, SweepPointState State)>();
        var first = SweepRunner.Run(plan, folder, new SweepShard(0, 2), progress: new Sync<SweepProgress>(p => states.Add((p.Point.Id, p.State))));
        var second = SweepRunner.Run(plan, folder, new SweepShard(1, 2));
        Assert.Equal([plan.Points[0].Id, plan.Points[2].Id], first.Ran);
        Assert.Equal([plan.Points[1].Id, plan.Points[3].Id], second.Ran);
        Assert.True(first.Complete && second.Complete);
        Assert.Contains((plan.Points[2].Id, SweepPointState.Finished), states);
        foreach (var point in plan.Points)
        {
            Assert.Equal(SweepPointStatus.Finished, folder.StatusOf(point.Id));
            var results = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.PointPath(point.Id), "results.json")))!;
            Assert.Equal(point.Id, results["sweep"]!["id"]!.GetValue<string>());
            Assert.Equal(point.Config.Seed, results["config"]!["seed"]!.GetValue<ulong>());
            Assert.True(File.Exists(Path.Combine(folder.PointPath(point.Id), "report.html")));
        }

        // Nothing but the point folders, the plan and the locks: no temporary folder is left behind.
        Assert.Equal(
            plan.Points.Select(p => p.Id).Order(StringComparer.Ordinal),
            Directory.GetDirectories(folder.Path).Select(d => Path.GetFileName(d)).Where(n => n != ".locks").Order(StringComparer.Ordinal));

        string before = File.ReadAllText(Path.Combine(folder.PointPath(plan.Points[0].Id), "results.json"));
        var again = SweepRunner.Run(plan, folder, SweepShard.All);
        Assert.Empty(again.Ran);
        Assert.Equal(plan.Points.Select(p => p.Id), again.Skipped);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder.PointPath(plan.Points[0].Id), "results.json")));

        var merged = SweepResults.Gather([folder.Path]);
        Assert.True(merged.Complete);
        Assert.Equal(2, merged.Rows.Count);
        Assert.All(merged.Rows, r => Assert.Equal(2, r.TestAccuracy.Count));
        var row = merged.Rows[0];
        double[] accuracies = [.. merged.Points.Where(p => row.PointIds.Contains(p.Point.Id)).Select(p => p.TestAccuracy)];
        Assert.Equal(accuracies.Average(), row.TestAccuracy.Mean, 12);
        double sd = Math.Sqrt(accuracies.Sum(a => (a - accuracies.Average()) * (a - accuracies.Average())) / (accuracies.Length - 1));
        Assert.Equal(sd, row.TestAccuracy.StandardDeviation, 12);
    }

    [Fact]
    public void A_point_runs_to_the_same_bits_in_any_shard_and_the_merge_reports_missing_points_by_id()
    {
        var plan = Plan("""{"optimizer.lr": [0.01, 0.05], "seed": [0, 1]}""");
        var whole = Folder("whole");
        SweepRunner.Run(plan, whole, SweepShard.All);
        var part = Folder("part");
        SweepRunner.Run(plan, part, new SweepShard(1, 3));
        var partial = SweepResults.Gather([part.Path]);
        Assert.False(partial.Complete);
        Assert.Equal([plan.Points[0].Id, plan.Points[2].Id, plan.Points[3].Id], partial.Missing);
        var json = partial.ToJson();
        Assert.Equal(partial.Missing, json["missing"]!.AsArray().Select(n => n!.GetValue<string>()));

        var wholeResults = SweepResults.Gather([whole.Path]);
        var same = partial.Points[1];
        Assert.Equal(SweepPointStatus.Finished, same.Status);
        Assert.Equal(wholeResults.Points[1].TestAccuracy, same.TestAccuracy);
        Assert.Equal(wholeResults.Points[1].History, same.History);

        // Several folders of one sweep: a point finished in any of them counts.
        var both = SweepResults.Gather([part.Path, whole.Path]);
        Assert.True(both.Complete);
        Assert.Equal(part.PointPath(plan.Points[1].Id), both.Points[1].Folder);
    }

    [Fact]
    public void Folders_of_different_sweeps_are_never_mixed()
    {
        var plan = Plan("""{"seed": [0, 1]}""");
        var other = Plan("""{"seed": [0, 1, 2]}""", "other");
        var folder = Folder("a");
        SweepRunner.Run(plan, folder, new SweepShard(0, 2));
        var refused = Assert.Throws<InvalidOperationException>(() => SweepRunner.Run(other, folder, SweepShard.All));
        Assert.Contains("already holds another sweep (tiny, 2 points; this one is other, 3 points)", refused.Message, StringComparison.Ordinal);

        var otherFolder = Folder("b");
        SweepRunner.Run(other, otherFolder, new SweepShard(0, 3));
        var mixed = Assert.Throws<InvalidOperationException>(() => SweepResults.Gather([folder.Path, otherFolder.Path]));
        Assert.Contains("holds another sweep", mixed.Message, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(directory, "empty"));
        var notASweep = Assert.Throws<FileNotFoundException>(() => SweepResults.Gather([Path.Combine(directory, "empty")]));
        Assert.Contains("not a sweep output folder", notASweep.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diverging_point_is_recorded_as_failed_skipped_on_resume_and_retried_on_request()
    {
        var plan = Plan("""{"optimizer.lr": [0.05, 1e30]}""");
        var folder = Folder("diverge");
        var first = SweepRunner.Run(plan, folder, SweepShard.All);
        var failure = Assert.Single(first.Failed);
        Assert.Equal(plan.Points[1].Id, failure.Id);
        Assert.Equal(SweepPointStatus.Failed, folder.StatusOf(plan.Points[1].Id));
        Assert.False(first.Complete);

        var resumed = SweepRunner.Run(plan, folder, SweepShard.All);
        Assert.Empty(resumed.Ran);
        Assert.Equal(failure, Assert.Single(resumed.Failed));

        var states = new List<(int Index, SweepPointState State)>();
        var retried = SweepRunner.Run(plan, folder, SweepShard.All, new SweepRunOptions(RetryFailed: true), new Sync<SweepProgress>(p => states.Add((p.Point.Index, p.State))));
        Assert.Equal([(0, SweepPointState.Skipped), (1, SweepPointState.Starting)], states.Where(s => s.State != SweepPointState.Training).Take(2));
        Assert.Equal((1, SweepPointState.Failed), states[^1]);
        Assert.Equal(failure, Assert.Single(retried.Failed));

        var merged = SweepResults.Gather([folder.Path]);
        Assert.Equal(failure.Id, Assert.Single(merged.Failed).Id);
        Assert.Equal(failure.Error, merged.Failed[0].Error);
    }

    [Fact]
    public void A_point_another_process_is_running_is_left_to_it()
    {
        var plan = Plan("""{"seed": [0, 1]}""");
        var folder = Folder("busy");
        folder.WritePlan(plan);
        using (var held = new FileStream(Path.Combine(Directory.CreateDirectory(Path.Combine(folder.Path, ".locks")).FullName, plan.Points[0].Id + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var result = SweepRunner.Run(plan, folder, SweepShard.All);
            Assert.Equal([plan.Points[0].Id], result.Busy);
            Assert.Equal([plan.Points[1].Id], result.Ran);
            Assert.False(result.Complete);
        }

        Assert.Equal([plan.Points[0].Id], SweepRunner.Run(plan, folder, SweepShard.All).Ran);
    }

    [Fact]
    public void A_cancelled_shard_leaves_the_point_it_was_training_missing()
    {
        var plan = Plan("""{"seed": [0, 1]}""");
        var folder = Folder("cancel");
        using var cancel = new CancellationTokenSource();
        var result = SweepRunner.Run(plan, folder, SweepShard.All, progress: new Sync<SweepProgress>(p =>
        {
            if (p.Point.Index == 1 && p.State == SweepPointState.Training)
            {
                cancel.Cancel();
            }
        }), cancellationToken: cancel.Token);
        Assert.True(result.Cancelled);
        Assert.Equal([plan.Points[0].Id], result.Ran);
        Assert.Equal(SweepPointStatus.Missing, folder.StatusOf(plan.Points[1].Id));
        Assert.DoesNotContain(Directory.GetDirectories(folder.Path), d => Path.GetFileName(d).StartsWith($".{plan.Points[1].Id}", StringComparison.Ordinal));
    }

    private sealed class Sync<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
