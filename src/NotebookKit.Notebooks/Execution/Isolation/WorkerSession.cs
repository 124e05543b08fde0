using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution.Isolation;

/// <summary>
/// The supervisor: an <see cref="IExecutionSession"/> whose cells run in a <see cref="WorkerProcess"/>. It enforces
/// timeouts and interrupts (ask the worker to cancel; kill it when the cell ignores that for the grace period), notices a
/// worker that died and says why, and starts a fresh worker for the next cell.
/// </summary>
internal sealed class WorkerSession : IExecutionSession
{
    /// <summary>What a headless run says after a crash: it runs nothing after a failed cell, so the lost variables do not matter.</summary>
    private const string StopsHere = " The run stops here: later cells are not run.";

    private readonly SessionOptions options;
    private readonly Lock sinkGate = new();
    private WorkerProcess? worker;
    private IExecutionSink? sink;
    private RunningCell? running;
    private int busy;

    private WorkerSession(SessionOptions options) => this.options = options;

    public static async Task<WorkerSession> StartAsync(SessionOptions options, CancellationToken cancellationToken)
    {
        var session = new WorkerSession(options);
        session.worker = await session.StartWorkerAsync(cancellationToken).ConfigureAwait(false);
        return session;
    }

    public async Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, IExecutionSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        if (request.Timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "A cell's timeout must be positive.");
        }

        if (Interlocked.Exchange(ref busy, 1) == 1)
        {
            throw new InvalidOperationException("A cell is already running in this session; wait for it (or interrupt it) first.");
        }

        var clock = Stopwatch.StartNew();
        try
        {
            lock (sinkGate)
            {
                this.sink = sink;
            }

            worker ??= await StartWorkerAsync(cancellationToken).ConfigureAwait(false);
            var current = worker;
            var cell = new RunningCell(request, current, options.InterruptGrace);
            Volatile.Write(ref running, cell);
            using var interrupt = cancellationToken.Register(() => cell.Stop(StopReason.Interrupt));
            current.Send(WorkerProtocol.ToJson(request));
            var finished = await Task.WhenAny(cell.Done.Task, current.Exited).ConfigureAwait(false);
            CellResult? result = finished == cell.Done.Task ? await cell.Done.Task.ConfigureAwait(false) : null;
            cell.StopTimers();
            if (result is not null)
            {
                return Finished(request, cell, result, clock.Elapsed);
            }

            // The worker died with the cell running: a crash, an exit, or the kill after an ignored stop.
            worker = null;
            var (code, stderr) = await current.EndingAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            int? announced = current.AnnouncedExitCode;
            await current.DisposeAsync().ConfigureAwait(false);
            return Died(request, cell, code, announced, stderr, clock.Elapsed);
        }
        finally
        {
            Volatile.Write(ref running, null);
            Volatile.Write(ref busy, 0);
        }
    }

    public void Interrupt() => Volatile.Read(ref running)?.Stop(StopReason.Interrupt);

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref running) is { } cell)
        {
            cell.Stop(StopReason.Interrupt);
            cell.Worker.Kill();
        }

        if (Interlocked.Exchange(ref worker, null) is { } old)
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }

        worker = await StartWorkerAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref worker, null) is { } old)
        {
            await old.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<WorkerProcess> StartWorkerAsync(CancellationToken cancellationToken) =>
        WorkerProcess.StartAsync(options, OnMessage, text => Emit(new StreamEvent("stdout", text)), cancellationToken);

    private void OnMessage(JsonObject message)
    {
        switch (WorkerProtocol.TypeOf(message))
        {
            case WorkerProtocol.Event when WorkerProtocol.EventFrom(message) is { } e:
                Emit(e);
                break;
            case WorkerProtocol.Running:
                Volatile.Read(ref running)?.StartTimeLimit();
                break;
            case WorkerProtocol.Done:
                Volatile.Read(ref running)?.Done.TrySetResult(WorkerProtocol.ResultFrom(message));
                break;
            case WorkerProtocol.InputRequest:
                AnswerInput(message);
                break;
        }
    }

    private void AnswerInput(JsonObject request)
    {
        var cell = Volatile.Read(ref running);
        IExecutionSink? target;
        lock (sinkGate)
        {
            target = sink;
        }

        string prompt = request["prompt"]?.GetValue<string>() ?? "";
        bool password = request["password"]?.GetValue<bool>() ?? false;
        _ = Task.Run(async () =>
        {
            var reply = WorkerProtocol.Message(WorkerProtocol.Input);
            try
            {
                reply["text"] = target is null ? null : await target.ReadInputAsync(prompt, password, cell?.Stopping ?? CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                reply["error"] = e.Message;
            }

            (cell?.Worker ?? worker)?.Send(reply);
        });
    }

    /// <summary>Passes an event to the current cell's sink (or the last one's, for output that arrives after it ended).</summary>
    private void Emit(ExecutionEvent e)
    {
        lock (sinkGate)
        {
            sink?.OnEvent(e);
        }
    }

    private ExecutionOutcome Finished(ExecutionRequest request, RunningCell cell, CellResult result, TimeSpan duration)
    {
        if (cell.Worker.TakeStderr() is { Length: > 0 } raw)
        {
            Emit(new StreamEvent("stderr", raw));
        }

        switch (result.Status)
        {
            case CellStatus.Ok:
                return new ExecutionOutcome(ExecutionStatus.Succeeded, duration);
            case CellStatus.Failed:
                return new ExecutionOutcome(ExecutionStatus.Failed, duration) { Error = result.Summary, ErrorName = result.ErrorName };
            default:
                var reason = cell.Reason ?? StopReason.Interrupt;
                return Stopped(request, reason, duration, killed: false);
        }
    }

    private ExecutionOutcome Died(ExecutionRequest request, RunningCell cell, int? exitCode, int? announced, string stderr, TimeSpan duration)
    {
        if (cell.Reason is { } reason)
        {
            return Stopped(request, reason, duration, killed: true);
        }

        int number = request.ExecutionCount;
        string text = stderr.ReplaceLineEndings("\n");
        int overflow = text.IndexOf("Stack overflow.", StringComparison.Ordinal);
        string summary;
        IReadOnlyList<string> details;
        if (announced is { } code)
        {
            summary = string.Create(CultureInfo.InvariantCulture,
                $"Cell {number} ended the notebook's worker process (Environment.Exit({code}) or an equivalent).");
            details = [];
        }
        else if (overflow >= 0)
        {
            summary = $"Cell {number} crashed the notebook's worker process with a stack overflow (runaway recursion through code the engine does not check, or a huge stackalloc).";
            // The runtime folds the repeated frames itself ("Repeated 301 times:"); the scripting engine's frames below
            // the cell say nothing about it.
            details = [.. text[overflow..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .TakeWhile(l => !l.TrimStart().StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal)).Take(20)];
        }
        else
        {
            string how = exitCode is { } c ? string.Create(CultureInfo.InvariantCulture, $" (exit code {c})") : "";
            summary = $"Cell {number} crashed the notebook's worker process{how}.";
            details = [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20)];
        }

        summary += options.StopsAtFirstFailure ? StopsHere : " The session was restarted: variables from earlier cells are gone.";
        Emit(new ErrorEvent("WorkerCrashed", summary, [summary, .. details]));
        return new ExecutionOutcome(ExecutionStatus.Crashed, duration) { Error = summary, ErrorName = "WorkerCrashed", SessionRestarted = true };
    }

    private ExecutionOutcome Stopped(ExecutionRequest request, StopReason reason, TimeSpan duration, bool killed)
    {
        int number = request.ExecutionCount;
        string summary = reason == StopReason.Timeout
            ? string.Create(CultureInfo.InvariantCulture, $"Cell {number} did not finish within the {request.Timeout!.Value.TotalSeconds:0.###} s timeout (--timeout) and was stopped.")
            : $"Cell {number} was interrupted.";
        if (killed)
        {
            summary += string.Create(CultureInfo.InvariantCulture,
                $" It did not stop within {options.InterruptGrace.TotalSeconds:0.###} s (code that never reaches a cancellation check, such as a long call into native code), so its worker process was ")
                + (options.StopsAtFirstFailure ? "ended." + StopsHere : "restarted: variables from earlier cells are gone.");
        }

        string name = reason == StopReason.Timeout ? nameof(TimeoutException) : "Interrupted";
        Emit(new ErrorEvent(name, summary, [summary]));
        var status = reason == StopReason.Timeout ? ExecutionStatus.TimedOut : ExecutionStatus.Interrupted;
        return new ExecutionOutcome(status, duration) { Error = summary, ErrorName = name, SessionRestarted = killed };
    }

    private enum StopReason
    {
        Interrupt,
        Timeout,
    }

    /// <summary>A cell in flight: how it ended, why it was asked to stop, and the grace timer that kills an unresponsive worker.</summary>
    private sealed class RunningCell(ExecutionRequest request, WorkerProcess worker, TimeSpan grace)
    {
        private readonly CancellationTokenSource stopping = new();
        private Timer? graceTimer;
        private Timer? limitTimer;
        private int reason = -1;

        public ExecutionRequest Request { get; } = request;

        public WorkerProcess Worker { get; } = worker;

        public TaskCompletionSource<CellResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StopReason? Reason => Volatile.Read(ref reason) is var r and >= 0 ? (StopReason)r : null;

        public CancellationToken Stopping => stopping.Token;

        /// <summary>Asks the worker to cancel the cell (first reason wins) and kills the worker if it has not finished after the grace.</summary>
        public void Stop(StopReason why)
        {
            if (Interlocked.CompareExchange(ref reason, (int)why, -1) != -1 || Done.Task.IsCompleted)
            {
                return;
            }

            stopping.Cancel();
            Worker.Send(WorkerProtocol.Message(WorkerProtocol.Cancel));
            graceTimer = new Timer(_ =>
            {
                if (!Done.Task.IsCompleted)
                {
                    Worker.Kill();
                }
            }, null, grace, Timeout.InfiniteTimeSpan);
        }

        /// <summary>Starts the cell's timeout, if it has one: the cell compiled and now runs.</summary>
        public void StartTimeLimit()
        {
            if (Request.Timeout is { } limit)
            {
                limitTimer = new Timer(_ => Stop(StopReason.Timeout), null, limit, Timeout.InfiniteTimeSpan);
            }
        }

        public void StopTimers()
        {
            limitTimer?.Dispose();
            graceTimer?.Dispose();
        }
    }
}
