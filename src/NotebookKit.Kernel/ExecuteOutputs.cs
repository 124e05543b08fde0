using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Kernel.Protocol;
using NotebookKit.Kernel.Sessions;

namespace NotebookKit.Kernel;

/// <summary>
/// Turns one execute request's outputs into iopub messages whose parent is that request. Stream text is gathered for
/// a moment and sent in pieces (a loop of <c>Console.Write</c> must not become thousands of messages), and always
/// before any other output so the order the cell wrote in is kept. A silent request publishes nothing.
/// </summary>
internal sealed class ExecuteOutputs : ICellOutputs, IDisposable
{
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(50);

    private readonly KernelHost host;
    private readonly JupyterMessage request;
    private readonly bool silent, allowStdin;
    private readonly int executionCount;
    private readonly Lock gate = new();
    private readonly StringBuilder pending = new();
    private readonly Timer timer;
    private string? pendingStream;
    private bool completed;

    public ExecuteOutputs(KernelHost host, JupyterMessage request, bool silent, bool allowStdin, int executionCount)
    {
        this.host = host;
        this.request = request;
        this.silent = silent;
        this.allowStdin = allowStdin;
        this.executionCount = executionCount;
        timer = new Timer(_ => FlushStreams(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The text/plain of the cell's result, for history with output.</summary>
    public string? ResultText { get; private set; }

    public void Stream(string name, string text)
    {
        if (silent || string.IsNullOrEmpty(text))
        {
            return;
        }

        lock (gate)
        {
            if (pendingStream is not null && pendingStream != name)
            {
                FlushLocked();
            }

            pendingStream = name;
            pending.Append(text);
            if (!completed)
            {
                timer.Change(FlushDelay, Timeout.InfiniteTimeSpan);
            }
            else
            {
                // Output that arrives after the cell ended (a background thread) still goes out, with this cell as parent.
                FlushLocked();
            }
        }
    }

    public void Display(JsonObject data, JsonObject metadata, string? displayId) =>
        Send("display_data", new JsonObject { ["data"] = data, ["metadata"] = metadata, ["transient"] = Transient(displayId) });

    public void UpdateDisplay(JsonObject data, JsonObject metadata, string displayId) =>
        Send("update_display_data", new JsonObject { ["data"] = data, ["metadata"] = metadata, ["transient"] = Transient(displayId) });

    public void Result(JsonObject data, JsonObject metadata)
    {
        ResultText = (string?)(data["text/plain"] as JsonValue);
        Send("execute_result", new JsonObject { ["execution_count"] = executionCount, ["data"] = data, ["metadata"] = metadata });
    }

    public void Error(string name, string value, IReadOnlyList<string> traceback) =>
        Send("error", new JsonObject
        {
            ["ename"] = name,
            ["evalue"] = value,
            ["traceback"] = new JsonArray([.. traceback.Select(l => (JsonNode)JsonValue.Create(l))]),
        });

    public async Task<string> ReadLineAsync(string prompt, bool password, CancellationToken cancellationToken)
    {
        if (!allowStdin)
        {
            throw new InvalidOperationException("This front end does not accept input for this cell (allow_stdin is false), so Console.ReadLine cannot ask for a line.");
        }

        lock (gate)
        {
            FlushLocked();
        }

        // Replies to an input request of an earlier, interrupted cell must not answer this one.
        while (host.StdinReplies.TryRead(out _))
        {
        }

        var ask = JupyterMessage.Create("input_request", host.Session, new JsonObject { ["prompt"] = prompt, ["password"] = password }, request);
        host.SendStdin(ask);
        while (true)
        {
            var reply = await host.StdinReplies.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reply.MessageType == "input_reply")
            {
                return (string?)reply.Content["value"] ?? "";
            }
        }
    }

    /// <summary>Sends what is still gathered; later output is sent at once.</summary>
    public void Complete()
    {
        lock (gate)
        {
            completed = true;
            FlushLocked();
        }
    }

    private void Send(string messageType, JsonObject content)
    {
        if (silent)
        {
            return;
        }

        lock (gate)
        {
            FlushLocked();
            host.Publish(messageType, content, request);
        }
    }

    private void FlushStreams()
    {
        lock (gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (pendingStream is null || pending.Length == 0)
        {
            return;
        }

        host.Publish("stream", new JsonObject { ["name"] = pendingStream, ["text"] = pending.ToString() }, request);
        pending.Clear();
        pendingStream = null;
    }

    private static JsonObject Transient(string? displayId) => displayId is null ? [] : new JsonObject { ["display_id"] = displayId };

    public void Dispose() => timer.Dispose();
}
