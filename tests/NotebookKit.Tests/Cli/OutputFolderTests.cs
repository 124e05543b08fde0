using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Data;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// <c>--out</c> of <c>nbkit train</c> and <c>nbkit lr-find</c>: refused before any work when unusable; after a kill at
/// any moment its files belong to one run; the next successful run leaves no temporary folder behind.
/// </summary>
public sealed partial class OutputFolderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-out-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Config(int seed, string name = "tiny.json")
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, $$"""
            {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
             "optimizer": {"type": "SGD", "lr": 0.1}, "epochs": 1, "batch_size": 64, "train_limit": 256,
             "test_limit": 64, "seed": {{seed}}, "threads": 1}
            """);
        return path;
    }

    [Fact]
    public void An_out_that_is_a_file_is_refused_before_any_work_and_kept()
    {
        string file = Path.Combine(directory, "results");
        File.WriteAllText(file, "mine");

        var run = Nbkit.Run("train", Config(1), "--out", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"error: --out {file} is a file, not a folder; give a folder for the results.", run.Stderr.Trim());
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("lr-find")]
    public void An_out_that_cannot_be_written_is_refused_before_any_work(string command)
    {
        File.WriteAllText(Path.Combine(directory, "plain-file"), "");
        string under = Path.Combine(directory, "plain-file", "out");

        var run = Nbkit.Run(command, Config(1), "--out", under);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: --out {under} cannot be written: ", run.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void An_out_folder_holding_the_users_files_is_refused_and_left_alone()
    {
        string folder = Path.Combine(directory, "project");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

        var run = Nbkit.Run("train", Config(1), "--out", folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"--out {folder} already holds files nbkit did not write (notes.txt)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public void Results_record_the_data_source_and_the_other_commands_files_are_kept()
    {
        string folder = Path.Combine(directory, "out");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "lr-find.json"), "{}");

        var run = Nbkit.Run("train", Config(1), "--out", folder);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!;
        Assert.Equal(Path.Combine(FashionMnist.SystemFolder, FashionMnist.TrainImagesFile + ".gz"), results["data_source"]!.GetValue<string>());
        Assert.Equal("{}", File.ReadAllText(Path.Combine(folder, "lr-find.json")));
    }

    /// <summary>
    /// Kills <c>nbkit train</c> at several moments of writing its results (as soon as it starts, when its temporary
    /// folder appears, when one file of the pair is in it, when the old folder is being swapped out) and checks after
    /// each kill that the output folder holds the pair of ONE run (or nothing), then that a run to the end leaves no
    /// temporary folder.
    /// </summary>
    [Fact]
    public void After_a_kill_at_any_moment_the_pair_belongs_to_one_run_and_the_next_run_leaves_no_temp()
    {
        string folder = Path.Combine(directory, "out");
        var first = Nbkit.Run("train", Config(1), "--out", folder);
        Assert.True(first.ExitCode == 0, first.Stderr);
        AssertOnePair(folder, 1);

        Func<string[], bool>[] moments =
        [
            _ => true,
            hidden => hidden.Any(h => h.EndsWith("-new", StringComparison.Ordinal)),
            hidden => hidden.Any(h => File.Exists(Path.Combine(directory, h, "results.json"))),
            hidden => hidden.Any(h => File.Exists(Path.Combine(directory, h, "report.html"))),
            hidden => hidden.Any(h => h.EndsWith("-old", StringComparison.Ordinal)),
        ];
        int seed = 2;
        foreach (var moment in moments)
        {
            KillWhen(Config(seed), folder, moment);
            if (Directory.Exists(folder))
            {
                AssertOnePair(folder, null);
            }

            seed++;
        }

        var last = Nbkit.Run("train", Config(seed), "--out", folder);
        Assert.True(last.ExitCode == 0, last.Stderr);
        AssertOnePair(folder, seed);
        Assert.Empty(Hidden());
    }

    private void KillWhen(string config, string folder, Func<string[], bool> moment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "nbkit.dll"), "train", config, "--out", folder })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && !moment(Hidden()) && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            Thread.Yield();
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    private string[] Hidden() =>
        Directory.GetDirectories(directory, ".out.nbkit-*").Select(p => Path.GetFileName(p)!).ToArray();

    /// <summary>results.json and report.html are both there and come from the same run (the same seed).</summary>
    private static void AssertOnePair(string folder, int? seed)
    {
        string results = Path.Combine(folder, "results.json");
        string report = Path.Combine(folder, "report.html");
        Assert.True(File.Exists(results) && File.Exists(report), $"{folder} holds {string.Join(", ", Directory.GetFileSystemEntries(folder).Select(Path.GetFileName))}");
        int resultsSeed = JsonNode.Parse(File.ReadAllText(results))!["seed"]!.GetValue<int>();
        int reportSeed = int.Parse(ReportSeed().Match(File.ReadAllText(report)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(resultsSeed, reportSeed);
        if (seed is { } expected)
        {
            Assert.Equal(expected, resultsSeed);
        }
    }

    [GeneratedRegex(@"s, seed (\d+), \d+ threads")]
    private static partial Regex ReportSeed();
}
