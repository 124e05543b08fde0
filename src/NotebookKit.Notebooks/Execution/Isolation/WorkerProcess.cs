using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Files;

namespace NotebookKit.Notebooks.Execution.Isolation;

/// <summary>
/// One worker process as the supervisor sees it: started as <c>dotnet NotebookKit.Notebooks.dll --nbkit-worker PIPE</c>,
/// messages over a named pipe, its raw stdout forwarded, its raw stderr kept to explain a crash, killed with its children.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int StderrKept = 64 * 1024;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private readonly Process process;
    private readonly NamedPipeServerStream pipe;
    private readonly StringBuilder stderr = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MessageChannel? channel;
    private Task? stdoutPump;
    private Task? stderrPump;

    private WorkerProcess(Process process, NamedPipeServerStream pipe)
    {
        this.process = process;
        this.pipe = pipe;
    }

    /// <summary>The exit code the worker announced while exiting normally (<c>Environment.Exit</c>), if it did.</summary>
    public int? AnnouncedExitCode { get; private set; }

    /// <summary>Completes when the worker's pipe closed (it exited, crashed or was killed).</summary>
    public Task Exited => exited.Task;

    /// <summary>Starts a worker and waits for its hello.</summary>
    /// <param name="options">Working directory and notebook path, sent to the worker.</param>
    /// <param name="onMessage">Called for each message, in order, on the reading thread.</param>
    /// <param name="onStdout">Called with text the worker wrote straight to its stdout (bypassing Console.Out).</param>
    /// <param name="cancellationToken">Abandons the start (the process is killed).</param>
    public static async Task<WorkerProcess> StartAsync(SessionOptions options, Action<JsonObject> onMessage, Action<string> onStdout,
        CancellationToken cancellationToken)
    {
        string name = string.Create(CultureInfo.InvariantCulture, $"nbkit-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var pipe = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
        var start = Command(name);
        start.WorkingDirectory = options.WorkingDirectory ?? Environment.CurrentDirectory;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("The notebook worker process did not start.");
        }
        catch
        {
            await pipe.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var worker = new WorkerProcess(process, pipe);
        try
        {
            // Nothing to read: a cell's Console.In is the front end, and a raw read of stdin sees end of input.
            process.StandardInput.Close();
            worker.stdoutPump = Pump(process.StandardOutput, onStdout);
            worker.stderrPump = Pump(process.StandardError, worker.KeepStderr);
            await worker.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var init = WorkerProtocol.Message(WorkerProtocol.Init);
            init["folder"] = options.WorkingDirectory ?? Environment.CurrentDirectory;
            init["path"] = options.NotebookPath;
            worker.Send(init);
            _ = worker.ReadLoopAsync(onMessage);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public bool Send(JsonObject message) => channel?.Send(message) ?? false;

    /// <summary>Kills the worker and every process it started.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Waits (up to <paramref name="limit"/>) for the process to end and its stderr to be read, then describes how it ended.</summary>
    public async Task<(int? ExitCode, string Stderr)> EndingAsync(TimeSpan limit)
    {
        using var wait = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            if (stderrPump is not null)
            {
                await stderrPump.WaitAsync(wait.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Report what we have.
        }

        int? code = process.HasExited ? process.ExitCode : null;
        lock (stderr)
        {
            return (code, stderr.ToString());
        }
    }

    /// <summary>Takes the stderr text gathered so far (raw writes to the process's stderr, not a cell's Console.Error).</summary>
    public string TakeStderr()
    {
        lock (stderr)
        {
            string text = stderr.ToString();
            stderr.Clear();
            return text;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited && channel is not null)
        {
            Send(WorkerProtocol.Message(WorkerProtocol.Shutdown));
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time.
            }
        }

        Kill();
        channel?.Dispose();
        await pipe.DisposeAsync().ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>
    /// <c>dotnet exec</c> of this assembly with its own runtime config (copied next to every app that references it); when
    /// an app was published without it, a runtime config for the running framework is written to a temp folder.
    /// </summary>
    private static ProcessStartInfo Command(string pipeName)
    {
        string assembly = typeof(WorkerProcess).Assembly.Location;
        string runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig))
        {
            runtimeConfig = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"nbkit-worker-{Environment.Version}.runtimeconfig.json"));
            var framework = new JsonObject
            {
                ["runtimeOptions"] = new JsonObject
                {
                    ["tfm"] = string.Create(CultureInfo.InvariantCulture, $"net{Environment.Version.Major}.{Environment.Version.Minor}"),
                    ["framework"] = new JsonObject { ["name"] = "Microsoft.NETCore.App", ["version"] = Environment.Version.ToString() },
                },
            };
            AtomicFile.WriteAllText(runtimeConfig, framework.ToJsonString());
        }

        var start = new ProcessStartInfo(DotNetHost());
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(runtimeConfig);
        string deps = Path.ChangeExtension(assembly, ".deps.json");
        if (File.Exists(deps))
        {
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(deps);
        }

        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(WorkerProtocol.WorkerFlag);
        start.ArgumentList.Add(pipeName);
        return start;
    }

    /// <summary>The <c>dotnet</c> host running this process, else the one of this runtime's installation, else the one on PATH.</summary>
    private static string DotNetHost()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self).Equals(exe, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        if (runtime.Parent?.Parent?.Parent is { } root && File.Exists(Path.Combine(root.FullName, exe)))
        {
            return Path.Combine(root.FullName, exe);
        }

        return exe;
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StartLimit);
        var connected = pipe.WaitForConnectionAsync(limit.Token);
        var died = process.WaitForExitAsync(limit.Token);
        try
        {
            if (await Task.WhenAny(connected, died).ConfigureAwait(false) == died && !connected.IsCompletedSuccessfully)
            {
                await died.ConfigureAwait(false);
                var (code, text) = await EndingAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                throw new InvalidOperationException($"The notebook worker process exited (code {code}) before it connected: {FirstLines(text, 5)}");
            }

            await connected.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The notebook worker process did not connect within {StartLimit.TotalSeconds:0} s.");
        }

        channel = new MessageChannel(pipe);
        var hello = await channel.ReceiveAsync(limit.Token).ConfigureAwait(false);
        if (hello is null || WorkerProtocol.TypeOf(hello) != WorkerProtocol.Hello)
        {
            var (code, text) = await EndingAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            throw new InvalidOperationException($"The notebook worker process ended (code {code}) before it was ready: {FirstLines(text, 5)}");
        }
    }

    private async Task ReadLoopAsync(Action<JsonObject> onMessage)
    {
        try
        {
            while (channel is not null && await channel.ReceiveAsync().ConfigureAwait(false) is { } message)
            {
                if (WorkerProtocol.TypeOf(message) == WorkerProtocol.Exiting)
                {
                    AnnouncedExitCode = message["code"]?.GetValue<int>();
                }

                onMessage(message);
            }
        }
        finally
        {
            exited.TrySetResult();
        }
    }

    private void KeepStderr(string text)
    {
        lock (stderr)
        {
            if (stderr.Length < StderrKept)
            {
                stderr.Append(text.AsSpan(0, Math.Min(text.Length, StderrKept - stderr.Length)));
            }
        }
    }

    private static Task Pump(StreamReader reader, Action<string> onText) => Task.Run(async () =>
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                onText(new string(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone.
        }
    });

    internal static string FirstLines(string text, int count) =>
        string.Join(" ", text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(count));
}
