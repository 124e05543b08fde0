using System.Diagnostics;

namespace NotebookKit.Notebooks.Tests;

/// <summary>Runs the <c>dotnet</c> CLI (file-based apps, pack, tool install) as a child process, stopped by its id on timeout.</summary>
public static class DotnetProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] args) => Run("dotnet", workingDirectory, timeout, args);

    public static Result Run(string program, string workingDirectory, TimeSpan timeout, params string[] args) =>
        Run(program, workingDirectory, timeout, args, null);

    public static Result Run(string program, string workingDirectory, TimeSpan timeout, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        // No first-run banner or telemetry in test output.
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout.TotalMinutes:0} minutes.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
