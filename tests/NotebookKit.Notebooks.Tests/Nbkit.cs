using System.Diagnostics;

namespace NotebookKit.Notebooks.Tests;

/// <summary>Runs the real <c>nbkit</c> CLI (copied next to the tests through the project reference) as a child process.</summary>
internal static class Nbkit
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nbkit.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nbkit {string.Join(' ', args)} did not finish in time.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
