using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookKit.Data;
using NotebookKit.Training.Sweeps;
using Xunit.Abstractions;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// Issue 17's "done means": a 2 × 2 × 2 sweep on Fashion-MNIST runs as 4 shards under a real Slurm (a single-node
/// cluster this test starts; if its daemons cannot start here, the test says why and runs the same 4 shards as
/// parallel <c>--shard i/4</c> processes), a killed shard resumes without redoing its finished point, and the merged
/// report matches a single-process run of the same sweep point for point, bit for bit.
/// </summary>
public sealed class SweepClusterTests(ITestOutputHelper output) : IDisposable
{
    private const int Shards = 4;

    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-sweep-cluster-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_sweep_runs_as_a_slurm_array_resumes_a_killed_shard_and_merges_like_one_process()
    {
        string sweep = Path.Combine(directory, "sweep.json");
        File.WriteAllText(sweep, $$"""
            {"name": "lr-wd-seed",
             "base": {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
                      "optimizer": {"type": "SGD", "lr": 0.1, "momentum": 0.9}, "epochs": 1, "batch_size": 64,
                      "train_limit": 8000, "test_limit": 320, "threads": 1},
             "grid": {"optimizer.lr": [0.03, 0.1], "optimizer.weight_decay": [0, 0.001], "seed": [0, 1]}
            }
            """);
        var plan = Nbkit.Run("sweep", "plan", sweep, "--shards", $"{Shards}", "--no-measure");
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        var planJson = JsonNode.Parse(plan.LastLine)!.AsObject();
        string[] ids = [.. planJson["point_costs"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())];
        Assert.Equal(8, ids.Length);
        Assert.Equal([2, 2, 2, 2], planJson["shard_points"]!.AsArray().Select(n => n!.GetValue<int>()));

        // Shard 0 of 4 (points 0 and 4) is killed as it starts its second point (8000 images: the point takes about a second).
        string shared = Path.Combine(directory, "shared");
        bool killedMidPoint = RunShardUntilItStartsItsSecondPoint(sweep, shared, ids[0], ids[4]);
        string firstResults = Path.Combine(shared, ids[0], "results.json");
        byte[] firstBytes = File.ReadAllBytes(firstResults);
        DateTime firstWritten = File.GetLastWriteTimeUtc(firstResults);
        output.WriteLine(killedMidPoint
            ? $"killed shard 0/4 after it finished {ids[0]} and while it ran {ids[4]}"
            : $"shard 0/4 finished {ids[4]} before the kill landed; the resume below must skip both");

        // The whole array, shard 0 included, on Slurm (or the documented fall-back).
        var shardResults = RunArray(sweep, shared);
        var resumed = shardResults[0];
        Assert.Contains(ids[0], resumed["skipped"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(killedMidPoint ? [ids[4]] : [], resumed["ran"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(firstBytes, File.ReadAllBytes(firstResults));
        Assert.Equal(firstWritten, File.GetLastWriteTimeUtc(firstResults));
        for (int i = 1; i < Shards; i++)
        {
            Assert.Equal([ids[i], ids[i + Shards]], shardResults[i]["ran"]!.AsArray().Select(n => n!.GetValue<string>()));
        }

        // The same sweep in one process, then both merged.
        string single = Path.Combine(directory, "single");
        var one = Nbkit.Run("sweep", sweep, "--out", single);
        Assert.True(one.ExitCode == 0, one.Stderr);
        var sharded = Merge(shared, "report-sharded");
        var reference = Merge(single, "report-single");
        Assert.Equal(8, sharded["finished"]!.GetValue<int>());
        Assert.Empty(sharded["missing"]!.AsArray());
        var shardedPoints = sharded["points"]!.AsArray();
        var singlePoints = reference["points"]!.AsArray();
        Assert.Equal(ids, shardedPoints.Select(p => p!["id"]!.GetValue<string>()));
        for (int i = 0; i < ids.Length; i++)
        {
            // System.Text.Json writes doubles in shortest round-trip form: equal text is equal bits.
            Assert.Equal(Numbers(singlePoints[i]!), Numbers(shardedPoints[i]!));
        }

        Assert.Equal(reference["summary"]!.ToJsonString(), sharded["summary"]!.ToJsonString());
        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(directory, "report-sharded", "report.html")));
        Assert.Contains("\"type\":\"heatmap\"", html, StringComparison.Ordinal);
        Assert.Contains("Mean ± standard deviation over seeds", html, StringComparison.Ordinal);
    }

    /// <summary>A point's numbers without its wall-clock seconds and folder (the only fields that may differ between runs).</summary>
    private static string Numbers(JsonNode point)
    {
        var copy = point.DeepClone().AsObject();
        copy.Remove("seconds");
        copy.Remove("folder");
        return copy.ToJsonString();
    }

    /// <summary>
    /// Starts shard 0 and kills it (by process id) as soon as it reports starting its second point; returns whether the
    /// kill landed mid-point (the second point left missing), as it does unless the point finished within the kill's latency.
    /// </summary>
    private static bool RunShardUntilItStartsItsSecondPoint(string sweep, string outDir, string firstId, string secondId)
    {
        var start = Nbkit.StartInfo(["sweep", sweep, "--out", outDir, "--shard", $"0/{Shards}"], Path.GetDirectoryName(sweep)!);
        using var process = Process.Start(start)!;
        using var startedOrEnded = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            // Null is the end of the stream: the process exited.
            if (e.Data is null || e.Data.StartsWith($"[2/2] {secondId}:", StringComparison.Ordinal))
            {
                startedOrEnded.Set();
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        Assert.True(startedOrEnded.Wait(TimeSpan.FromMinutes(5)), "shard 0 neither started its second point nor exited within 5 minutes");
        bool killed = false;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            killed = true;
        }

        process.WaitForExit();
        _ = stdout.Result;
        var folder = new SweepFolder(outDir);
        Assert.Equal(SweepPointStatus.Finished, folder.StatusOf(firstId));
        return killed && folder.StatusOf(secondId) == SweepPointStatus.Missing;
    }

    /// <summary>Runs the 4 shards as a Slurm array, or, when Slurm cannot start here, as 4 parallel processes; returns each shard's JSON line.</summary>
    private JsonObject[] RunArray(string sweep, string outDir)
    {
        using var cluster = SlurmCluster.TryStart(out string whyNot);
        if (cluster is null)
        {
            output.WriteLine($"Slurm could not start on this machine, so the 4 shards run as parallel `nbkit sweep --shard i/4` processes instead. Why: {whyNot}");
            var runs = Enumerable.Range(0, Shards)
                .Select(i => Task.Run(() => Nbkit.Run(["sweep", sweep, "--out", outDir, "--shard", $"{i}/{Shards}"], directory, TimeSpan.FromMinutes(10))))
                .ToArray();
            Task.WaitAll(runs);
            return [.. runs.Select((r, i) =>
            {
                Assert.True(r.Result.ExitCode == 0, $"shard {i}: {r.Result.Stderr}");
                return JsonNode.Parse(r.Result.LastLine)!.AsObject();
            })];
        }

        output.WriteLine($"Slurm cluster up ({cluster.ConfigPath}); submitting examples/slurm/sweep.sbatch as --array=0-{Shards - 1}");
        string logs = Path.Combine(directory, "logs");
        Directory.CreateDirectory(logs);
        string script = Path.Combine(Nbkit.RepositoryRoot(), "examples", "slurm", "sweep.sbatch");
        var submit = cluster.Client(
            "sbatch",
            ["--wait", $"--array=0-{Shards - 1}", "--cpus-per-task=1", $"--output={logs}/shard-%a.out", $"--error={logs}/shard-%a.err", script, sweep, outDir],
            new Dictionary<string, string> { ["NBKIT"] = Nbkit.Command },
            TimeSpan.FromMinutes(15));
        string taskLogs = string.Join("\n", Enumerable.Range(0, Shards).Select(i => $"--- shard {i}\n{Read(Path.Combine(logs, $"shard-{i}.err"))}"));
        Assert.True(submit.ExitCode == 0, $"sbatch --wait exited with {submit.ExitCode}: {submit.Stdout} {submit.Stderr}\n{taskLogs}\n{cluster.Logs()}");
        output.WriteLine(submit.Stdout.Trim());
        return [.. Enumerable.Range(0, Shards).Select(i =>
        {
            string last = Read(Path.Combine(logs, $"shard-{i}.out")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            Assert.True(last.StartsWith('{'), $"array task {i} printed no JSON line:\n{taskLogs}");
            var json = JsonNode.Parse(last)!.AsObject();
            Assert.Equal($"{i}/{Shards}", json["shard"]!.GetValue<string>());
            return json;
        })];
    }

    private JsonObject Merge(string folder, string report)
    {
        var merge = Nbkit.Run("sweep", "merge", folder, "--out", Path.Combine(directory, report));
        Assert.True(merge.ExitCode == 0, merge.Stderr);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(directory, report, "sweep.json")))!.AsObject();
    }

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : $"({path} not written)";
}
