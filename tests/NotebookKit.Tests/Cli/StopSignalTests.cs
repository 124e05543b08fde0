using System.Diagnostics;
using System.Globalization;
using NotebookKit.Data;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// SIGTERM and SIGINT (sent with <c>kill</c> to a real <c>nbkit</c> process whose output is redirected, so SIGINT is
/// not a terminal's Ctrl-C) stop <c>train</c>, <c>lr-find</c> and <c>run</c> cleanly: one <c>stopped by ...</c> line,
/// exit code 130, and nothing half-written (the output folder keeps the files of its last complete run).
/// </summary>
public sealed class StopSignalTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-stop-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>A training config that runs for minutes unless stopped: many short epochs, so the first one reports soon.</summary>
    private string LongConfig()
    {
        string path = Path.Combine(directory, "long.json");
        File.WriteAllText(path, $$"""
            {"dataset": "fashion-mnist", "data_dir": "{{FashionMnist.SystemFolder}}", "model": "mlp",
             "optimizer": {"type": "SGD", "lr": 0.01}, "epochs": 100000, "batch_size": 32, "train_limit": 512,
             "test_limit": 32, "seed": 1, "threads": 1, "num_iter": 100000}
            """);
        return path;
    }

    [Theory]
    [InlineData("train", "TERM", "epoch 1/100000:")]
    [InlineData("train", "INT", "epoch 1/100000:")]
    [InlineData("lr-find", "TERM", "lr-find: 100000 iterations")]
    [InlineData("lr-find", "INT", "lr-find: 100000 iterations")]
    public void A_signal_stops_training_between_batches_and_the_out_folder_keeps_its_last_complete_run(string command, string signal, string started)
    {
        string folder = Path.Combine(directory, "out");
        Directory.CreateDirectory(folder);
        string[] files = command == "train" ? ["results.json", "report.html"] : ["lr-find.json", "lr-find.html"];
        foreach (string name in files)
        {
            File.WriteAllText(Path.Combine(folder, name), "previous run");
        }

        var (exit, stderr) = StopWhen([command, LongConfig(), "--out", folder], signal, line => line.StartsWith(started, StringComparison.Ordinal));

        Assert.Equal(130, exit);
        string last = stderr.Trim().Split('\n')[^1];
        string where = command == "train" ? "stopped at epoch " : "stopped after ";
        Assert.StartsWith($"stopped by SIG{signal}: {where}", last, StringComparison.Ordinal);
        Assert.EndsWith($"a stopped run is not written, so --out {folder} keeps the files of its last complete run.", last, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", stderr, StringComparison.Ordinal);
        foreach (string name in files)
        {
            Assert.Equal("previous run", File.ReadAllText(Path.Combine(folder, name)));
        }

        Assert.Equal(files.Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetDirectories(directory, ".out.nbkit-*"));
    }

    [Fact]
    public void A_train_stopped_before_any_out_folder_existed_leaves_none()
    {
        string folder = Path.Combine(directory, "fresh");

        var (exit, stderr) = StopWhen(["train", LongConfig(), "--out", folder], "TERM", line => line.StartsWith("epoch 1/", StringComparison.Ordinal));

        Assert.Equal(130, exit);
        Assert.EndsWith($"--out {folder} was not created.", stderr.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_signal_stops_the_running_cell_of_nbkit_run_and_writes_nothing(string signal)
    {
        string notebook = Path.Combine(directory, "spin.ipynb");
        File.WriteAllText(notebook, """
            {"cells": [
              {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": ["Console.WriteLine(\"started\");"]},
              {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": ["long n = 0;\n", "while (true) { n++; }"]}
             ],
             "metadata": {"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}},
             "nbformat": 4, "nbformat_minor": 5}
            """);
        string output = Path.Combine(directory, "artifacts");

        var (exit, stderr) = StopWhen(["run", notebook, "--out", output], signal, line => line.StartsWith("  cell 1/2 ok", StringComparison.Ordinal), stdout: true);

        Assert.Equal(130, exit);
        Assert.Equal($"stopped by SIG{signal}: spin was stopped in its running cell and not written; 0 passed, 0 failed, 0 skipped before it.", stderr.Trim().Split('\n')[^1]);
        Assert.False(File.Exists(Path.Combine(output, "spin.ipynb")));
        Assert.False(File.Exists(Path.Combine(output, "spin.html")));
    }

    /// <summary>
    /// Starts <c>nbkit args...</c>, sends SIG<paramref name="signal"/> once a line of its stderr (or stdout) satisfies
    /// <paramref name="ready"/>, and waits for it to end.
    /// </summary>
    private (int Exit, string Stderr) StopWhen(string[] args, string signal, Func<string, bool> ready, bool stdout = false)
    {
        using var process = Process.Start(WithInterruptDefault(Nbkit.StartInfo(args, directory)))!;
        using var started = new ManualResetEventSlim();
        var errors = new System.Text.StringBuilder();
        var outputs = new System.Text.StringBuilder();
        void Watch(DataReceivedEventArgs e, System.Text.StringBuilder into, bool watched)
        {
            if (e.Data is null)
            {
                started.Set();
                return;
            }

            lock (into)
            {
                into.AppendLine(e.Data);
            }

            if (watched && ready(e.Data))
            {
                started.Set();
            }
        }

        process.ErrorDataReceived += (_, e) => Watch(e, errors, !stdout);
        process.OutputDataReceived += (_, e) => Watch(e, outputs, stdout);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            Assert.True(started.Wait(TimeSpan.FromMinutes(4)), $"nbkit {string.Join(' ', args)} never started its work");
            Assert.False(process.HasExited, $"nbkit {string.Join(' ', args)} ended before the signal: {errors}{outputs}");
            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"nbkit {string.Join(' ', args)} did not stop after SIG{signal}");
            process.WaitForExit();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        lock (errors)
        {
            return (process.ExitCode, errors.ToString());
        }
    }

    /// <summary>
    /// The same command, started with SIGINT's default action when this test process has SIGINT ignored.
    /// </summary>
    /// <remarks>
    /// A process started in the background by a non-interactive shell (<c>dotnet test &amp;</c>) inherits SIGINT
    /// ignored, and POSIX keeps an ignored signal ignored across exec, so the CLI would never see the signal the test
    /// sends: the test would be measuring how it was launched, not the CLI. Perl (part of every Debian system) resets
    /// the action and execs the command under the same process id.
    /// </remarks>
    private static ProcessStartInfo WithInterruptDefault(ProcessStartInfo start)
    {
        if (!InterruptIgnored())
        {
            return start;
        }

        var wrapped = new ProcessStartInfo("perl")
        {
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
            WorkingDirectory = start.WorkingDirectory,
        };
        foreach (var (name, value) in start.Environment)
        {
            wrapped.Environment[name] = value;
        }

        foreach (string a in new[] { "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\";", start.FileName })
        {
            wrapped.ArgumentList.Add(a);
        }

        foreach (string a in start.ArgumentList)
        {
            wrapped.ArgumentList.Add(a);
        }

        return wrapped;
    }

    /// <summary>Whether this process ignores SIGINT (bit 1 of the SigIgn mask in /proc/self/status).</summary>
    private static bool InterruptIgnored()
    {
        string? line = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))
            : null;
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
            && (mask & 0x2) != 0;
    }
}
