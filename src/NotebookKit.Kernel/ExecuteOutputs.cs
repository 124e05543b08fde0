using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Kernel.Protocol;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Kernel;

/// <summary>
/// Turns one execute request's events from the engine into iopub messages whose parent is that request. Stream text is
/// gathered for a moment and sent in pieces (a loop of <c>Console.Write</c> must not become thousands of messages),
/// and always before any other output, so the order the cell wrote in is kept. A silent request publishes nothing.
/// </summary>
internal sealed class ExecuteOutputs : IExecutionSink, IDisposable
{
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(50);

    private readonly KernelHost host;
    private readonly JupyterMessage request;
    private readonly bool silent, allowStdin;
    private readonly Lock gate = new();
    private readonly StringBuilder pending = new();
    private readonly Timer timer;
    private string? pendingStream;
    private bool completed;

    public ExecuteOutputs(KernelHost host, JupyterMessage request, bool silent, bool allowStdin)
    {
        this.host = host;
        this.request = request;
        this.silent = silent;
        this.allowStdin = allowStdin;
        timer = new Timer(_ => FlushStreams(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The text/plain of the cell's result, for history with output.</summary>
    public string? ResultText { get; private set; }

    /// <summary>The cell's error as shown, repeated in the execute reply.</summary>
    public ErrorEvent? Error { get; private set; }

    public void OnEvent(ExecutionEvent executionEvent)
    {
        switch (executionEvent)
        {
            case StreamEvent stream:
                Stream(stream.Name, stream.Text);
                break;
            case DisplayEvent display:
                Send("display_data", new JsonObject
                {
                    ["data"] = Bundle(display.Data),
                    ["metadata"] = display.Metadata.DeepClone(),
                    ["transient"] = Transient(display.DisplayId),
                });
                break;
            case DisplayUpdateEvent update:
                Send("update_display_data", new JsonObject
                {
                    ["data"] = Bundle(update.Data),
                    ["metadata"] = update.Metadata.DeepClone(),
                    ["transient"] = Transient(update.DisplayId),
                });
                break;
            case ExecuteResultEvent result:
                ResultText = result.Data.TryGetValue("text/plain", out object? text) ? text as string : null;
                Send("execute_result", new JsonObject
                {
                    ["execution_count"] = result.ExecutionCount,
                    ["data"] = Bundle(result.Data),
                    ["metadata"] = result.Metadata.DeepClone(),
                });
                break;
            case ErrorEvent error:
                Error = error;
                Send("error", new JsonObject
                {
                    ["ename"] = error.Name,
                    ["evalue"] = error.Value,
                    ["traceback"] = new JsonArray([.. error.Traceback.Select(l => (JsonNode)JsonValue.Create(l))]),
                });
                break;
            default:
                // Event kinds this kernel does not know yet are not part of the protocol it speaks.
                break;
        }
    }

    public async ValueTask<string?> ReadInputAsync(string prompt, bool password, CancellationToken cancellationToken)
    {
        if (!allowStdin)
        {
            throw new InvalidOperationException(
                "This front end does not accept input for this cell (its execute request has allow_stdin false), so Console.ReadLine cannot ask for a line.");
        }

        lock (gate)
        {
            FlushLocked();
        }

        // A reply to an input request of an earlier, interrupted cell must not answer this one.
        while (host.StdinReplies.TryRead(out _))
        {
        }

        host.SendStdin(JupyterMessage.Create("input_request", host.Session,
            new JsonObject { ["prompt"] = prompt, ["password"] = password }, request));
        while (true)
        {
            var reply = await host.StdinReplies.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reply.MessageType == "input_reply")
            {
                return (string?)reply.Content["value"] ?? "";
            }
        }
    }

    /// <summary>Sends what is still gathered; later output (a background thread of the cell) is sent at once.</summary>
    public void Complete()
    {
        lock (gate)
        {
            completed = true;
            FlushLocked();
        }
    }

    private void Stream(string name, string text)
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
            if (completed)
            {
                FlushLocked();
            }
            else
            {
                timer.Change(FlushDelay, Timeout.InfiniteTimeSpan);
            }
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

    /// <summary>A mime bundle as JSON: text values as strings, JSON mime types (plotly figures) as objects.</summary>
    private static JsonObject Bundle(IReadOnlyDictionary<string, object> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in data)
        {
            bundle[mime] = value switch
            {
                JsonNode node => node.DeepClone(),
                string text => JsonValue.Create(text),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return bundle;
    }

    private static JsonObject Transient(string? displayId) => displayId is null ? [] : new JsonObject { ["display_id"] = displayId };

    public void Dispose() => timer.Dispose();
}
