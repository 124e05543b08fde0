using System.Collections.Concurrent;
using System.IO.Pipes;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Notebooks.Execution.Isolation;

/// <summary>
/// The worker's side: connects to the supervisor's pipe, runs cells one at a time on a thread with a large stack, and
/// sends what they show. Console, unhandled exceptions of other threads and <c>Environment.Exit</c> are routed so that
/// the supervisor always learns what happened.
/// </summary>
internal sealed class WorkerHost
{
    /// <summary>The cell thread's stack (the size of a main thread's on Linux): room for deep recursion, while the few
    /// hundred thousand frames <see cref="CellCancellation.Enter"/>'s stack check unwinds stay quick to unwind.</summary>
    private const int CellThreadStack = 8 * 1024 * 1024;

    /// <summary>How long the worker waits for a first cell before warming up the compiler on its own: a run that sends
    /// its cells at once compiles them straight away, and a kernel's first cell, typed later, starts warm.</summary>
    private static readonly TimeSpan IdleBeforeWarmUp = TimeSpan.FromMilliseconds(300);

    private readonly MessageChannel channel;
    private readonly BlockingCollection<Action> work = [];
    private readonly OutputSink sink;
    private CellEngine? engine;
    private bool warm;
    private CancellationTokenSource? running;
    private TaskCompletionSource<JsonObject>? pendingInput;

    private WorkerHost(MessageChannel channel)
    {
        this.channel = channel;
        sink = new OutputSink(e => channel.Send(WorkerProtocol.ToJson(e)), AskForInput);
    }

    public static int Run(string pipeName)
    {
        using var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous);
        pipe.Connect(TimeSpan.FromSeconds(60));
        using var channel = new MessageChannel(pipe);
        var host = new WorkerHost(channel);
        host.Loop();

        // The supervisor is gone or asked to stop: end now, even if a cell left foreground threads running.
        Environment.Exit(0);
        return 0;
    }

    private void Loop()
    {
        OutputSink.Current = sink;
        // LiveDisplay in a cell shows one output and updates it in place (flows to the cell thread started below).
        NotebookKit.Display.DisplayHost.Current = RunnerDisplayHost.Instance;
        RouteConsole();
        ExceptionHandling.SetUnhandledExceptionHandler(OnUnhandledException);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            sink.Flush();
            var exiting = WorkerProtocol.Message(WorkerProtocol.Exiting);
            exiting["code"] = Environment.ExitCode;
            channel.Send(exiting);
        };

        var thread = new Thread(CellThread, CellThreadStack) { IsBackground = true, Name = "nbkit cells" };
        thread.Start();
        var hello = WorkerProtocol.Message(WorkerProtocol.Hello);
        hello["pid"] = Environment.ProcessId;
        channel.Send(hello);

        while (channel.ReceiveAsync().GetAwaiter().GetResult() is { } message)
        {
            switch (WorkerProtocol.TypeOf(message))
            {
                case WorkerProtocol.Init:
                    string folder = message["folder"]?.GetValue<string>() ?? Environment.CurrentDirectory;
                    string? path = message["path"]?.GetValue<string>();
                    work.Add(() =>
                    {
                        Environment.CurrentDirectory = folder;
                        engine = new CellEngine(folder, path);
                    });
                    break;
                case WorkerProtocol.Execute:
                    var request = WorkerProtocol.RequestFrom(message);
                    // Current from now, so a cancel that arrives before the cell thread picks it up still counts.
                    var source = new CancellationTokenSource();
                    Volatile.Write(ref running, source);
                    work.Add(() => RunCell(request, source));
                    break;
                case WorkerProtocol.Cancel:
                    Volatile.Read(ref running)?.Cancel();
                    break;
                case WorkerProtocol.Input:
                    Interlocked.Exchange(ref pendingInput, null)?.TrySetResult(message);
                    break;
                case WorkerProtocol.Shutdown:
                    return;
            }
        }
    }

    private void CellThread()
    {
        while (!work.IsCompleted)
        {
            Action? item = null;
            if (!warm && !work.TryTake(out item, IdleBeforeWarmUp))
            {
                // Nobody is waiting (a kernel whose user has not run a cell yet): load and jit the compiler now.
                warm = true;
                item = CellEngine.WarmUp;
            }

            if (item is null && !work.TryTake(out item, Timeout.Infinite))
            {
                break;
            }

            try
            {
                item();
            }
            catch (Exception e)
            {
                // Warm-up or setup failed: say so on the session's stderr rather than dying silently.
                sink.Write("stderr", $"The notebook worker could not prepare the session: {e.GetType().Name}: {e.Message}\n");
            }
        }
    }

    private void RunCell(ExecutionRequest request, CancellationTokenSource source)
    {
        warm = true;
        engine ??= new CellEngine(Environment.CurrentDirectory, null);
        CellResult result;
        using (CellCancellation.Begin(source))
        {
            // A cell may have replaced Console's writers (even with TextWriter.Null); every cell starts captured again.
            RouteConsole();
            try
            {
                result = engine.RunAsync(request, sink, () => channel.Send(WorkerProtocol.Message(WorkerProtocol.Running)), source.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (source.IsCancellationRequested)
            {
                result = CellResult.Cancelled;
            }
        }

        Volatile.Write(ref running, null);
        sink.Flush();
        channel.Send(WorkerProtocol.ToJson(result));
    }

    private void RouteConsole()
    {
        Console.SetOut(new CapturingWriter(sink, "stdout"));
        Console.SetError(new CapturingWriter(sink, "stderr"));
        Console.SetIn(new InputReader(sink));
    }

    /// <summary>Asks the supervisor for a line; the running cell's cancellation ends the wait.</summary>
    private string? AskForInput(string prompt, bool password)
    {
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref pendingInput, reply);
        var request = WorkerProtocol.Message(WorkerProtocol.InputRequest);
        request["prompt"] = prompt;
        request["password"] = password;
        channel.Send(request);
        reply.Task.Wait(CellCancellation.Token);
        var message = reply.Task.Result;
        if (message["error"]?.GetValue<string>() is { } refused)
        {
            throw new InvalidOperationException(refused);
        }

        return message["text"]?.GetValue<string>();
    }

    /// <summary>An exception no code caught, on a thread a cell started (or an <c>async void</c> method): it fails the running
    /// cell instead of ending the process.</summary>
    private bool OnUnhandledException(Exception e)
    {
        if (e is OperationCanceledException && CellCancellation.Token.IsCancellationRequested)
        {
            // A thread of an interrupted cell stopping at a woven check.
            return true;
        }

        if (Volatile.Read(ref running) is not null && engine is { } current)
        {
            current.ReportBackgroundFailure(e);
        }
        else
        {
            sink.Write("stderr", $"An exception escaped a thread after its cell finished: {e.GetType().Name}: {UserMessage.Of(e)}\n");
        }

        return true;
    }
}
