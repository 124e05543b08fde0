using System.Text;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Where a worker's cells write: console text (consecutive writes to one stream are sent together, at most every
/// <see cref="FlushInterval"/>), displays and their updates, results and errors, all as <see cref="ExecutionEvent"/>s in
/// the order they happened. One per worker process: code on any thread, during a cell or after it, writes here.
/// </summary>
internal sealed class OutputSink : IDisposable
{
    /// <summary>How long console text may wait before it is sent (a live log, without one message per character).</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    private const int FlushSize = 16 * 1024;
    private readonly Action<ExecutionEvent> emit;
    private readonly Func<string, bool, string?> readLine;
    private readonly Lock gate = new();
    private readonly StringBuilder pending = new();
    private readonly Timer timer;
    private string? pendingStream;
    private bool timerArmed;

    /// <param name="emit">Sends one event (called under this sink's lock, so events keep their order).</param>
    /// <param name="readLine">Asks the front end for a line of input (prompt, password); null at end of input.</param>
    public OutputSink(Action<ExecutionEvent> emit, Func<string, bool, string?> readLine)
    {
        this.emit = emit;
        this.readLine = readLine;
        timer = new Timer(_ => Flush());
    }

    /// <summary>The sink of this process (set by the worker at start), or null outside a worker.</summary>
    public static OutputSink? Current { get; set; }

    /// <summary>The sink for display calls; a clear error when code displays outside a notebook run.</summary>
    public static OutputSink Require() =>
        Current ?? throw new InvalidOperationException("display(...) can only be called while a notebook cell runs.");

    public void Write(string stream, string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        lock (gate)
        {
            if (pendingStream != stream)
            {
                FlushLocked();
                pendingStream = stream;
            }

            pending.Append(text);
            if (pending.Length >= FlushSize)
            {
                FlushLocked();
            }
            else if (!timerArmed)
            {
                timerArmed = true;
                timer.Change(FlushInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var bundle = Bundle(ValueFormatter.Format(value, mimeTypes));
        var handle = new DisplayedValue(this, Guid.NewGuid().ToString("N"), mimeTypes, bundle);
        Add(new DisplayEvent(bundle, [], handle.DisplayId));
        return handle;
    }

    public void Update(string displayId, IReadOnlyDictionary<string, object> bundle) => Add(new DisplayUpdateEvent(bundle, [], displayId));

    /// <summary>Sends an event after any console text written before it.</summary>
    public void Add(ExecutionEvent executionEvent)
    {
        lock (gate)
        {
            FlushLocked();
            emit(executionEvent);
        }
    }

    /// <summary>A line for <c>Console.ReadLine()</c>: console text so far is sent first and serves as the prompt.</summary>
    public string? ReadLine(bool password)
    {
        string prompt;
        lock (gate)
        {
            prompt = pendingStream == "stdout" ? pending.ToString() : "";
            if (prompt.Length > 0)
            {
                // The prompt is shown by the input request, not also as output.
                pending.Clear();
                pendingStream = null;
            }

            FlushLocked();
        }

        return readLine(prompt, password);
    }

    public void Flush()
    {
        lock (gate)
        {
            FlushLocked();
        }
    }

    public void Dispose() => timer.Dispose();

    public static IReadOnlyDictionary<string, object> Bundle(IEnumerable<KeyValuePair<string, object>> data) =>
        new Dictionary<string, object>(data, StringComparer.Ordinal);

    private void FlushLocked()
    {
        timerArmed = false;
        if (pendingStream is null || pending.Length == 0)
        {
            return;
        }

        string text = pending.ToString();
        pending.Clear();
        emit(new StreamEvent(pendingStream, text));
    }
}
