using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Data;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// examples/kubernetes/sweep-job.yaml as Kubernetes would run it, without a cluster: one process per completion index
/// (JOB_COMPLETION_INDEX = 0 .. completions − 1, at most <c>parallelism</c> at once) running the container's own command
/// with the volume and config map mounted as local folders, then sweep-merge-job.yaml's command; the merged numbers
/// equal a single-process run's.
/// </summary>
public sealed partial class SweepKubernetesJobTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-sweep-k8s-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task The_indexed_job_example_runs_every_point_once_and_merges_like_one_process()
    {
        string examples = Path.Combine(Nbkit.RepositoryRoot(), "examples", "kubernetes");
        string job = File.ReadAllText(Path.Combine(examples, "sweep-job.yaml"));
        Assert.Contains("completionMode: Indexed", job, StringComparison.Ordinal);
        int completions = int.Parse(Completions().Match(job).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        int parallelism = int.Parse(Parallelism().Match(job).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        string[] command = Command(job);
        Assert.Equal($"{completions}", command[Array.IndexOf(command, "--shards") + 1]);

        // The config map is mounted at /config, the shared volume at /work.
        string config = Directory.CreateDirectory(Path.Combine(directory, "config")).FullName;
        string work = Directory.CreateDirectory(Path.Combine(directory, "work")).FullName;
        File.WriteAllText(Path.Combine(config, "sweep.json"), $$"""
            {"name": "lr-wd",
             "base": {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
                      "optimizer": {"type": "AdamW", "lr": 0.001}, "epochs": 1, "batch_size": 64,
                      "train_limit": 640, "test_limit": 320, "threads": 1},
             "grid": {"optimizer.lr": [0.001, 0.003], "optimizer.weight_decay": [0, 0.05], "seed": [0, 1]} }
            """);
        string[] Local(string[] args) => [.. args.Skip(1).Select(a =>
            a.StartsWith("/config/", StringComparison.Ordinal) ? Path.Combine(config, a["/config/".Length..])
            : a.StartsWith("/work/", StringComparison.Ordinal) ? Path.Combine(work, a["/work/".Length..])
            : a)];
        Assert.Equal("nbkit", command[0]);

        var pods = new List<JsonObject>();
        foreach (var wave in Enumerable.Range(0, completions).Chunk(parallelism))
        {
            var running = wave.Select(index => Task.Run(() => Nbkit.Run(Local(command), directory, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = $"{index}" }))).ToArray();
            var finished = await Task.WhenAll(running);
            foreach (var (pod, index) in finished.Select((r, i) => (r, wave[i])))
            {
                Assert.True(pod.ExitCode == 0, $"pod {index}: {pod.Stderr}");
                var json = JsonNode.Parse(pod.LastLine)!.AsObject();
                Assert.Equal($"{index}/{completions}", json["shard"]!.GetValue<string>());
                pods.Add(json);
            }
        }

        // 8 points over the Job's completions: each point run by exactly one pod.
        string[] ran = [.. pods.SelectMany(p => p["ran"]!.AsArray().Select(n => n!.GetValue<string>()))];
        Assert.Equal(8, ran.Length);
        Assert.Equal(8, ran.Distinct().Count());

        string[] merge = Command(File.ReadAllText(Path.Combine(examples, "sweep-merge-job.yaml")));
        var merged = Nbkit.Run(Local(merge), directory);
        Assert.True(merged.ExitCode == 0, merged.Stderr);
        string report = JsonNode.Parse(merged.LastLine)!["report"]!.GetValue<string>();
        var sharded = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(report)!, "sweep.json")))!.AsObject();

        string single = Path.Combine(directory, "single");
        Assert.Equal(0, Nbkit.Run("sweep", Path.Combine(config, "sweep.json"), "--out", single).ExitCode);
        Assert.Equal(0, Nbkit.Run("sweep", "merge", single, "--out", Path.Combine(directory, "single-report")).ExitCode);
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "single-report", "sweep.json")))!.AsObject();
        Assert.Equal(Points(reference), Points(sharded));
        Assert.Equal(reference["summary"]!.ToJsonString(), sharded["summary"]!.ToJsonString());
    }

    /// <summary>Every point's numbers, without wall-clock seconds and folder (the only fields that may differ).</summary>
    private static string[] Points(JsonObject sweep) => [.. sweep["points"]!.AsArray().Select(p =>
    {
        var copy = p!.DeepClone().AsObject();
        copy.Remove("seconds");
        copy.Remove("folder");
        return copy.ToJsonString();
    })];

    /// <summary>The container's <c>command</c>, written in the manifests as a JSON-style flow list.</summary>
    private static string[] Command(string manifest)
    {
        var match = CommandLine().Match(manifest);
        Assert.True(match.Success, "no `command: [...]` in the manifest");
        return [.. JsonNode.Parse(match.Groups[1].Value)!.AsArray().Select(n => n!.GetValue<string>())];
    }

    [GeneratedRegex(@"^\s*completions:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex Completions();

    [GeneratedRegex(@"^\s*parallelism:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex Parallelism();

    [GeneratedRegex(@"^\s*command:\s*(\[.*\])\s*$", RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
