using System.Text.Json.Nodes;
using NotebookKit.Kernel.Language;
using NotebookKit.Kernel.Protocol;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Kernel;

/// <summary>
/// The kernel's message loop: shell requests one at a time (each wrapped in busy/idle status on iopub), control
/// requests (interrupt, shutdown) on their own loop so they are served while a cell runs.
/// </summary>
internal sealed class KernelHost : IAsyncDisposable
{
    private readonly KernelSockets sockets;
    private readonly IExecutionSession session;
    private readonly KernelIdentity identity;
    private readonly Action<string> log;
    private readonly HistoryStore history = new();
    private SubmissionWorkspace workspace;
    private readonly string workingDirectory;
    private readonly TaskCompletionSource<bool> shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock interruptLock = new();
    private readonly Queue<JupyterMessage> deferred = new();
    private CancellationTokenSource? running;
    private int executionCount;

    public KernelHost(ConnectionInfo connection, IExecutionSession session, KernelIdentity identity, string workingDirectory, Action<string> log)
    {
        this.session = session;
        this.identity = identity;
        this.log = log;
        this.workingDirectory = workingDirectory;
        workspace = new SubmissionWorkspace(workingDirectory);
        sockets = new KernelSockets(connection, log);
        Session = Guid.NewGuid().ToString("N");
        Connection = connection;
    }

    /// <summary>The kernel's session id, in the header of every message it sends.</summary>
    public string Session { get; }

    public ConnectionInfo Connection { get; }

    /// <summary>Serves requests until a shutdown request (or <paramref name="stop"/>); returns whether a restart was asked for.</summary>
    public async Task<bool> RunAsync(CancellationToken stop)
    {
        Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);

        // Roslyn's editor services take seconds to compose the first time: do it now, not on the student's first Tab.
        _ = Task.Run(() => workspace.CompleteAsync("Console.", "Console.".Length), CancellationToken.None);
        var shellLoop = Task.Run(() => ShellLoopAsync(stop), CancellationToken.None);
        var controlLoop = Task.Run(() => ControlLoopAsync(stop), CancellationToken.None);
        using (stop.Register(() => shutdown.TrySetResult(false)))
        {
            bool restart = await shutdown.Task.ConfigureAwait(false);
            Interrupt();
            return restart;
        }
    }

    /// <summary>Stops the running cell (the session and its variables stay).</summary>
    public void Interrupt()
    {
        lock (interruptLock)
        {
            running?.Cancel();
        }
    }

    private async Task ShellLoopAsync(CancellationToken stop)
    {
        try
        {
            while (!shutdown.Task.IsCompleted)
            {
                var message = deferred.Count > 0 ? deferred.Dequeue() : await sockets.Shell.ReadAsync(stop).ConfigureAwait(false);
                await HandleAsync(Channel.Shell, message).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Stopping: the sockets closed or the host was cancelled.
        }
    }

    private async Task ControlLoopAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var message in sockets.Control.ReadAllAsync(stop).ConfigureAwait(false))
            {
                await HandleAsync(Channel.Control, message).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Stopping: the sockets closed or the host was cancelled.
        }
    }

    private async Task HandleAsync(Channel channel, JupyterMessage request)
    {
        Status("busy", request);
        try
        {
            switch (request.MessageType)
            {
                case "kernel_info_request":
                    Reply(channel, request, identity.KernelInfo());
                    break;
                case "execute_request" when channel == Channel.Shell:
                    await ExecuteAsync(request).ConfigureAwait(false);
                    break;
                case "is_complete_request":
                    Reply(channel, request, CompletenessChecker.Check(Text(request, "code")));
                    break;
                case "complete_request":
                    Reply(channel, request, await workspace.CompleteAsync(Text(request, "code"), Cursor(request)).ConfigureAwait(false));
                    break;
                case "inspect_request":
                    Reply(channel, request, await workspace.InspectAsync(Text(request, "code"), Cursor(request),
                        (int?)request.Content["detail_level"] ?? 0).ConfigureAwait(false));
                    break;
                case "history_request":
                    Reply(channel, request, history.Query(request.Content));
                    break;
                case "comm_info_request":
                    Reply(channel, request, new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                    break;
                case "comm_open":
                    // No comm targets (widgets) here: close it at once so the front end does not wait on it.
                    Publish("comm_close", new JsonObject { ["comm_id"] = Text(request, "comm_id"), ["data"] = new JsonObject() }, request);
                    break;
                case "comm_msg" or "comm_close":
                    break;
                case "connect_request":
                    Reply(channel, request, new JsonObject
                    {
                        ["shell_port"] = Connection.ShellPort,
                        ["iopub_port"] = Connection.IopubPort,
                        ["stdin_port"] = Connection.StdinPort,
                        ["control_port"] = Connection.ControlPort,
                        ["hb_port"] = Connection.HeartbeatPort,
                    });
                    break;
                case "interrupt_request":
                    Interrupt();
                    Reply(channel, request, new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request":
                    bool restart = (bool?)request.Content["restart"] ?? false;
                    Reply(channel, request, new JsonObject { ["status"] = "ok", ["restart"] = restart });
                    shutdown.TrySetResult(restart);
                    break;
                default:
                    log($"ignored a {request.MessageType} on {channel.ToString().ToLowerInvariant()} (not part of what this kernel serves)");
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A request this kernel could not serve still gets a reply, so the front end never hangs on it.
            log($"{request.MessageType} failed: {e}");
            if (request.MessageType.EndsWith("_request", StringComparison.Ordinal))
            {
                Reply(channel, request, new JsonObject
                {
                    ["status"] = "error",
                    ["ename"] = "KernelError",
                    ["evalue"] = e.Message,
                    ["traceback"] = new JsonArray(e.Message),
                });
            }
        }
        finally
        {
            Status("idle", request);
        }
    }

    private async Task ExecuteAsync(JupyterMessage request)
    {
        string code = Text(request, "code");
        bool silent = (bool?)request.Content["silent"] ?? false;
        bool storeHistory = !silent && ((bool?)request.Content["store_history"] ?? true);
        bool allowStdin = (bool?)request.Content["allow_stdin"] ?? true;
        bool stopOnError = (bool?)request.Content["stop_on_error"] ?? true;
        if (!silent)
        {
            executionCount++;
            Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = executionCount }, request);
        }

        int count = executionCount;
        using var outputs = new ExecuteOutputs(this, request, silent, allowStdin);
        using var interrupt = new CancellationTokenSource();
        lock (interruptLock)
        {
            running = interrupt;
        }

        ExecutionOutcome outcome;
        try
        {
            outcome = await session.ExecuteAsync(new ExecutionRequest(code) { ExecutionCount = count }, outputs, interrupt.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (interruptLock)
            {
                running = null;
            }

            outputs.Complete();
        }

        if (storeHistory)
        {
            history.Add(count, code, outputs.ResultText);
        }

        if (outcome.SessionRestarted)
        {
            // The worker was replaced: completion must forget the cells whose variables are gone.
            var old = workspace;
            workspace = new SubmissionWorkspace(workingDirectory);
            old.Dispose();
        }
        else if (outcome.Succeeded)
        {
            await workspace.AddSubmissionAsync(code).ConfigureAwait(false);
        }

        if (outcome.Succeeded)
        {
            Reply(Channel.Shell, request, new JsonObject
            {
                ["status"] = "ok",
                ["execution_count"] = count,
                ["payload"] = new JsonArray(),
                ["user_expressions"] = UserExpressions(request),
            });
            return;
        }

        var error = outputs.Error;
        Reply(Channel.Shell, request, new JsonObject
        {
            ["status"] = "error",
            ["execution_count"] = count,
            ["ename"] = error?.Name ?? outcome.ErrorName ?? outcome.Status.ToString(),
            ["evalue"] = error?.Value ?? outcome.Error ?? "",
            ["traceback"] = new JsonArray([.. (error?.Traceback ?? [outcome.Error ?? ""]).Select(l => (JsonNode)JsonValue.Create(l))]),
        });
        if (stopOnError)
        {
            AbortQueuedExecutions();
        }
    }

    /// <summary>After a failed cell, the cells already queued behind it are not run (each gets an "aborted" reply).</summary>
    private void AbortQueuedExecutions()
    {
        var kept = new List<JupyterMessage>();
        while (sockets.Shell.TryRead(out var queued))
        {
            if (queued.MessageType != "execute_request")
            {
                kept.Add(queued);
                continue;
            }

            Status("busy", queued);
            Reply(Channel.Shell, queued, new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount });
            Status("idle", queued);
        }

        // Other requests that were queued are still served, in order, by the shell loop.
        foreach (var message in kept)
        {
            deferred.Enqueue(message);
        }
    }

    /// <summary><c>user_expressions</c> are not evaluated: each gets an error entry saying so, as the protocol allows.</summary>
    private static JsonObject UserExpressions(JupyterMessage request)
    {
        var result = new JsonObject();
        if (request.Content["user_expressions"] is JsonObject expressions)
        {
            foreach (var (name, _) in expressions)
            {
                result[name] = new JsonObject
                {
                    ["status"] = "error",
                    ["ename"] = "NotSupported",
                    ["evalue"] = "This kernel does not evaluate user_expressions.",
                    ["traceback"] = new JsonArray(),
                };
            }
        }

        return result;
    }

    internal void Publish(string messageType, JsonObject content, JupyterMessage? parent) =>
        sockets.Send(Channel.Iopub, JupyterMessage.Create(messageType, Session, content, parent,
            [System.Text.Encoding.UTF8.GetBytes($"kernel.{Session}.{messageType}")]));

    internal void SendStdin(JupyterMessage message) => sockets.Send(Channel.Stdin, message);

    internal System.Threading.Channels.ChannelReader<JupyterMessage> StdinReplies => sockets.Stdin;

    private void Status(string state, JupyterMessage parent) => Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    private void Reply(Channel channel, JupyterMessage request, JsonObject content) =>
        sockets.Send(channel, JupyterMessage.Create(request.MessageType.Replace("_request", "_reply", StringComparison.Ordinal), Session, content, request));

    private static string Text(JupyterMessage request, string key) => (string?)request.Content[key] ?? "";

    private static int Cursor(JupyterMessage request)
    {
        string code = Text(request, "code");
        int? cursor = (int?)request.Content["cursor_pos"];
        return TextPositions.Utf16Offset(code, cursor ?? CodePointCount(code));

        static int CodePointCount(string s) => s.EnumerateRunes().Count();
    }

    public async ValueTask DisposeAsync()
    {
        await session.DisposeAsync().ConfigureAwait(false);
        workspace.Dispose();
        sockets.Dispose();
    }
}
