using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>Runs one of the Python client scripts beside the tests with Debian's python3 (where the Jupyter packages are).</summary>
internal static class PythonClient
{
    public const string Python = "/usr/bin/python3";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>The JSON object the script printed as its last line.</summary>
        public JsonObject Json
        {
            get
            {
                string last = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
                return JsonNode.Parse(last) as JsonObject
                    ?? throw new InvalidOperationException($"The script printed no JSON result (exit {ExitCode}).\nstdout:\n{Stdout}\nstderr:\n{Tail(Stderr)}");
            }
        }
    }

    public static Result Run(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Clients", script));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{script} did not finish within {timeout.TotalMinutes} minutes.\nstderr:\n{Tail(stderr.Result)}");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Tail(string text, int chars = 6000) => text.Length <= chars ? text : "..." + text[^chars..];
}
