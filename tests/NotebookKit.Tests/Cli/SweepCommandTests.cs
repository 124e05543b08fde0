using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Data;

namespace NotebookKit.Tests.Cli;

public sealed class SweepCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-sweep-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string grid)
    {
        string path = Path.Combine(directory, "sweep.json");
        File.WriteAllText(path, $$"""
            {"base": {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
                      "optimizer": {"type": "SGD", "lr": 0.05}, "epochs": 1, "batch_size": 64,
                      "train_limit": 256, "test_limit": 128, "threads": 1},
             "grid": {{grid}}}
            """);
        return path;
    }

    [Fact]
    public void A_bad_point_is_reported_by_its_key_path_before_anything_runs()
    {
        string sweep = Write("""{"optimizer.lr": [0.05, -0.1], "seed": [0, 1]}""");
        string outDir = Path.Combine(directory, "out");
        var run = Nbkit.Run("sweep", sweep, "--out", outDir);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: grid.optimizer.lr[1]: ", run.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains("optimizer.lr=-0.1, seed=0", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));

        var plan = Nbkit.Run("sweep", "plan", sweep);
        Assert.Equal(1, plan.ExitCode);
        Assert.StartsWith("error: grid.optimizer.lr[1]: ", plan.Stderr.Trim(), StringComparison.Ordinal);

        var badShard = Nbkit.Run("sweep", Write("""{"seed": [0, 1]}"""), "--out", outDir, "--shard", "4/4");
        Assert.Equal(1, badShard.ExitCode);
        Assert.Contains("--shard must be i/n with 0 <= i < n", badShard.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", badShard.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_lists_the_points_their_steps_and_each_shards_share()
    {
        string sweep = Write("""{"optimizer.lr": [0.01, 0.05, 0.1], "seed": [0, 1]}""");
        var plan = Nbkit.Run("sweep", "plan", sweep, "--shards", "4");
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        var json = JsonNode.Parse(plan.LastLine)!.AsObject();
        Assert.Equal(6, json["points"]!.GetValue<int>());

        // 256 images in batches of 64: 4 steps per point, one epoch.
        Assert.Equal(24, json["steps"]!.GetValue<long>());
        Assert.Equal([2, 2, 1, 1], json["shard_points"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.True(json["measured"]!.GetValue<bool>());
        Assert.NotNull(json["seconds"]);
        Assert.Equal(4, json["shard_seconds"]!.AsArray().Count);
        string[] ids = [.. json["point_costs"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())];
        Assert.All(ids, id => Assert.Contains(id, plan.Stdout, StringComparison.Ordinal));
        Assert.Contains("6 points, 24 optimizer steps", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 shards: up to 2 points each", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_lists_missing_points_by_id_and_exits_2_until_every_point_is_in()
    {
        string sweep = Write("""{"seed": [0, 1, 2]}""");
        string outDir = Path.Combine(directory, "out");
        var shard = Nbkit.Run("sweep", sweep, "--out", outDir, "--shard", "0/3");
        Assert.True(shard.ExitCode == 0, shard.Stderr);
        var ran = JsonNode.Parse(shard.LastLine)!["ran"]!.AsArray();
        Assert.Single(ran);

        string report = Path.Combine(directory, "report");
        var partial = Nbkit.Run("sweep", "merge", outDir, "--out", report);
        Assert.Equal(2, partial.ExitCode);
        var missing = JsonNode.Parse(partial.LastLine)!["missing"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(2, missing.Length);
        Assert.All(missing, id => Assert.Contains($"missing: {id}", partial.Stderr, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(report, "report.html")));

        // The same command without --shard runs only what is left.
        var rest = Nbkit.Run("sweep", sweep, "--out", outDir);
        Assert.True(rest.ExitCode == 0, rest.Stderr);
        var restJson = JsonNode.Parse(rest.LastLine)!;
        Assert.Equal(missing, restJson["ran"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(ran[0]!.GetValue<string>(), Assert.Single(restJson["skipped"]!.AsArray())!.GetValue<string>());

        var complete = Nbkit.Run("sweep", "merge", outDir, "--out", report);
        Assert.True(complete.ExitCode == 0, complete.Stderr);
        var sweepJson = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "sweep.json")))!;
        Assert.Equal(3, sweepJson["finished"]!.GetValue<int>());
        var row = Assert.Single(sweepJson["summary"]!.AsArray())!;
        Assert.Equal(3, row["test_accuracy"]!["n"]!.GetValue<int>());

        var elsewhere = Nbkit.Run("sweep", "merge", Path.Combine(directory, "nowhere"), "--out", report);
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains("folder not found", elsewhere.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_a_shard_between_batches_with_its_json_line_and_the_point_left_missing()
    {
        // 30000 images: the point trains for seconds, so the signal lands mid-point.
        string sweep = Write("""{"seed": [0, 1]}""");
        File.WriteAllText(sweep, File.ReadAllText(sweep).Replace("\"train_limit\": 256", "\"train_limit\": 30000", StringComparison.Ordinal));
        string outDir = Path.Combine(directory, "out");
        using var process = Process.Start(Nbkit.StartInfo(["sweep", sweep, "--out", outDir], directory))!;
        using var training = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null || e.Data.StartsWith("[1/2] ", StringComparison.Ordinal))
            {
                training.Set();
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.True(training.Wait(TimeSpan.FromMinutes(3)), "the shard never started its first point");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the shard did not stop after SIGTERM");
        Assert.Equal(130, process.ExitCode);
        var json = JsonNode.Parse((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.True(json["cancelled"]!.GetValue<bool>());
        Assert.Empty(json["ran"]!.AsArray());
        string id = json["points"]![0]!.GetValue<string>();
        Assert.False(Directory.Exists(Path.Combine(outDir, id)));
    }

    [Fact]
    public void The_example_sweep_plans_54_points()
    {
        string example = Path.Combine(Nbkit.RepositoryRoot(), "examples", "sweep.json");
        var plan = Nbkit.Run("sweep", "plan", example, "--no-measure", "--shards", "8");
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        var json = JsonNode.Parse(plan.LastLine)!;
        Assert.Equal(54, json["points"]!.GetValue<int>());

        // Full Fashion-MNIST, batch 128, 5 epochs: 5 × ceil(60000 / 128) steps per point.
        Assert.Equal(54L * 5 * 469, json["steps"]!.GetValue<long>());
        Assert.Equal([7, 7, 7, 7, 7, 7, 6, 6], json["shard_points"]!.AsArray().Select(n => n!.GetValue<int>()));
    }
}
