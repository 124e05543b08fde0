using System.Diagnostics;

namespace NotebookKit.Tests.Cli;

/// <summary>Runs the real <c>nbkit</c> CLI (copied next to the tests) as a child process.</summary>
public static class Nbkit
{
    /// <summary>The result of one run.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>The last non-empty line of standard output.</summary>
        public string LastLine => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    /// <summary>The shell command that starts this nbkit (<c>dotnet /path/nbkit.dll</c>), for scripts such as the Slurm example.</summary>
    public static string Command => $"dotnet {Path.Combine(AppContext.BaseDirectory, "nbkit.dll")}";

    /// <summary>How to start <c>nbkit args...</c> in <paramref name="workingDirectory"/> with both outputs redirected; <paramref name="environment"/> adds variables.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nbkit.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    /// <summary>The repository's root folder (the one holding NotebookKit.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No NotebookKit.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs <c>nbkit args...</c> in <paramref name="workingDirectory"/> (default: a temp folder) and waits; <paramref name="environment"/> adds variables.</summary>
    public static Result Run(IEnumerable<string> args, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(StartInfo(args, workingDirectory, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nbkit {string.Join(' ', args)} did not finish in time.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <c>nbkit args...</c>.</summary>
    public static Result Run(params string[] args) => Run((IEnumerable<string>)args);
}
