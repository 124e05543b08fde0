using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Tests;

/// <summary>
/// A session runs cells in a worker process: timeouts and interrupts stop synchronous code and keep the session, and a
/// crash (stack overflow, Environment.Exit, an exception on another thread) fails its cell, never the host.
/// </summary>
/// <remarks>Stops are asked for with a long grace period, so a test passes only when the code stopped cooperatively (the
/// outcome says whether the worker had to be killed); nothing here measures time.</remarks>
public sealed class WorkerSessionTests
{
    private static readonly SessionOptions Patient = new() { InterruptGrace = TimeSpan.FromMinutes(2) };

    private static async Task<(ExecutionOutcome Outcome, RecordingSink Sink)> Run(IExecutionSession session, string code, int count,
        TimeSpan? timeout = null, RecordingSink? sink = null)
    {
        sink ??= new RecordingSink();
        var outcome = await session.ExecuteAsync(new ExecutionRequest(code) { ExecutionCount = count, Timeout = timeout }, sink);
        return (outcome, sink);
    }

    /// <summary>Runs <paramref name="code"/> and interrupts it once it printed <paramref name="marker"/>.</summary>
    private static async Task<(ExecutionOutcome Outcome, RecordingSink Sink)> Interrupted(IExecutionSession session, string code, int count, string marker)
    {
        var sink = new RecordingSink();
        var running = session.ExecuteAsync(new ExecutionRequest(code) { ExecutionCount = count }, sink);
        await sink.Printed(marker).WaitAsync(TimeSpan.FromMinutes(2));
        session.Interrupt();
        return (await running, sink);
    }

    private static async Task<string?> ValueOf(IExecutionSession session, string expression, int count)
    {
        var (outcome, sink) = await Run(session, expression, count);
        Assert.True(outcome.Succeeded, outcome.Error);
        return sink.Events.OfType<ExecuteResultEvent>().Single().Data[MimeTypes.Text] as string;
    }

    [Fact]
    public async Task An_interrupt_stops_an_endless_loop_and_keeps_earlier_variables()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);
        await Run(session, "var kept = 42;", 1);

        var (outcome, sink) = await Interrupted(session, "Console.WriteLine(\"spinning\");\nwhile (true) { }", 2, "spinning");

        Assert.Equal(ExecutionStatus.Interrupted, outcome.Status);
        Assert.False(outcome.SessionRestarted);
        Assert.Equal("Cell 2 was interrupted.", outcome.Error);
        Assert.Equal(("Interrupted", "Cell 2 was interrupted."), (sink.Error.Name, sink.Error.Value));
        Assert.Equal("42", await ValueOf(session, "kept", 3));
    }

    [Fact]
    public async Task A_timeout_stops_a_cell_that_never_awaits_and_names_the_cell_and_the_limit()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);
        await Run(session, "int kept = 7;", 1);

        var (loop, loopSink) = await Run(session, "long n = 0;\nwhile (true) { n++; }", 2, TimeSpan.FromSeconds(1));
        var (sleep, _) = await Run(session, "System.Threading.Thread.Sleep(600_000);", 3, TimeSpan.FromSeconds(1));
        var (delay, _) = await Run(session, "await Task.Delay(TimeSpan.FromMinutes(10));", 4, TimeSpan.FromSeconds(1));
        var (linq, _) = await Run(session, "Enumerable.Range(0, int.MaxValue).Select(i => Math.Sqrt(i)).Count(x => x < 0)", 5, TimeSpan.FromSeconds(1));

        Assert.Equal(ExecutionStatus.TimedOut, loop.Status);
        Assert.Equal("Cell 2 did not finish within the 1 s timeout (--timeout) and was stopped.", loop.Error);
        Assert.Equal(("TimeoutException", loop.Error), (loopSink.Error.Name, loopSink.Error.Value));
        Assert.All([loop, sleep, delay, linq], o => Assert.Equal((ExecutionStatus.TimedOut, false), (o.Status, o.SessionRestarted)));
        Assert.Equal("7", await ValueOf(session, "kept", 6));
    }

    [Fact]
    public async Task An_interrupt_stops_a_training_call_into_the_library_and_keeps_its_variables()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);
        await Run(session, """
            #r "nuget: NotebookKit"
            using NotebookKit.Data;
            using NotebookKit.Nn.Models;
            using NotebookKit.Optim;
            using NotebookKit.Training;
            var data = SyntheticImages.Create("bands", 40, 1, 8, 8, ["a", "b", "c"], seed: 1);
            var model = new Mlp([1, 8, 8], [64], 3, seed: 1);
            var trainer = new Trainer(model, new Sgd(model.Parameters, new SgdOptions(0.1)), new SoftmaxCrossEntropyLoss(),
                new DataLoader(data, 4), options: new TrainerOptions(Epochs: 1_000_000));
            """, 1);

        // No token is passed: the ambient token the engine sets for the cell stops Fit between two batches.
        var (outcome, _) = await Interrupted(session, "Console.WriteLine(\"training\");\ntrainer.Fit();", 2, "training");

        Assert.Equal((ExecutionStatus.Interrupted, false), (outcome.Status, outcome.SessionRestarted));
        Assert.Equal("True", await ValueOf(session, "trainer.CompletedEpochs < 1_000_000 && data.Count == 120", 3));
    }

    [Fact]
    public async Task Code_that_ignores_the_interrupt_gets_its_worker_restarted_and_the_session_says_its_variables_are_gone()
    {
        await using var session = await ExecutionSession.StartAsync(new SessionOptions { InterruptGrace = TimeSpan.FromSeconds(1) });
        await Run(session, "var lost = 1;", 1);

        // A wait the engine cannot make cancellable.
        var (outcome, sink) = await Interrupted(session, "Console.WriteLine(\"blocked\");\nnew System.Threading.ManualResetEvent(false).WaitOne();", 2, "blocked");
        var (after, afterSink) = await Run(session, "lost", 3);

        Assert.Equal((ExecutionStatus.Interrupted, true), (outcome.Status, outcome.SessionRestarted));
        Assert.StartsWith("Cell 2 was interrupted. It did not stop within 1 s", sink.Error.Value, StringComparison.Ordinal);
        Assert.Contains("variables from earlier cells are gone", sink.Error.Value, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Failed, after.Status);
        Assert.Contains("error CS0103: The name 'lost' does not exist", afterSink.Error.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stack_overflow_fails_its_cell_and_the_next_cell_runs_in_a_fresh_worker()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);
        await Run(session, "var before = 1;", 1);

        // stackalloc beyond the stack: a real overflow, which no check can turn into an exception.
        var (outcome, sink) = await Run(session, "void Blow() { Span<byte> s = stackalloc byte[200_000_000]; s[0] = 1; Console.WriteLine(s[1]); }\nBlow();", 2);

        Assert.Equal((ExecutionStatus.Crashed, true), (outcome.Status, outcome.SessionRestarted));
        Assert.Equal("WorkerCrashed", sink.Error.Name);
        Assert.StartsWith("Cell 2 crashed the notebook's worker process with a stack overflow", sink.Error.Value, StringComparison.Ordinal);
        Assert.Contains(sink.Error.Traceback, l => l.Contains("at Submission#2.Blow", StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Error.Traceback, l => l.Contains("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal));
        Assert.Equal("2", await ValueOf(session, "1 + 1", 3));
    }

    [Fact]
    public async Task Runaway_recursion_in_cell_code_is_an_error_of_the_cell_and_the_session_survives()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);
        await Run(session, "var kept = \"yes\";\nint Deeper(int n) => Deeper(n + 1) + 1;", 1);

        var (outcome, sink) = await Run(session, "Deeper(0)", 2);

        Assert.Equal((ExecutionStatus.Failed, false), (outcome.Status, outcome.SessionRestarted));
        Assert.Equal("InsufficientExecutionStackException", sink.Error.Name);
        Assert.StartsWith("Cell 2 failed: runaway recursion (the call stack is nearly full): ", outcome.Error, StringComparison.Ordinal);
        Assert.True(sink.Error.Traceback.Count < 80, $"{sink.Error.Traceback.Count} traceback lines");
        Assert.Equal("yes", await ValueOf(session, "kept", 3));
    }

    [Fact]
    public async Task Environment_Exit_fails_its_cell_with_the_exit_code_and_the_session_goes_on()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);

        var (outcome, sink) = await Run(session, "Console.WriteLine(\"bye\");\nEnvironment.Exit(3);", 1);

        Assert.Equal((ExecutionStatus.Crashed, true), (outcome.Status, outcome.SessionRestarted));
        Assert.StartsWith("Cell 1 ended the notebook's worker process (Environment.Exit(3)", sink.Error.Value, StringComparison.Ordinal);
        Assert.Equal("bye\n", sink.Stdout);
        Assert.Equal("4", await ValueOf(session, "2 + 2", 2));
    }

    [Theory]
    [InlineData("var t = new System.Threading.Thread(() => throw new InvalidOperationException(\"boom\"));\nt.Start();\nt.Join();\nConsole.WriteLine(\"joined\");")]
    [InlineData("async void Later() { await Task.Yield(); throw new InvalidOperationException(\"boom\"); }\nLater();\nawait Task.Delay(1000);\nConsole.WriteLine(\"joined\");")]
    [InlineData("System.Threading.ThreadPool.QueueUserWorkItem(_ => throw new InvalidOperationException(\"boom\"));\nawait Task.Delay(1000);\nConsole.WriteLine(\"joined\");")]
    public async Task An_exception_on_another_thread_fails_the_cell_that_started_it_and_the_session_survives(string code)
    {
        await using var session = await ExecutionSession.StartAsync(Patient);
        await Run(session, "var kept = 5;", 1);

        var (outcome, sink) = await Run(session, code, 2);

        Assert.Equal((ExecutionStatus.Failed, false), (outcome.Status, outcome.SessionRestarted));
        Assert.Equal("Cell 2 failed: an exception escaped a thread the cell started: InvalidOperationException: boom", outcome.Error);
        Assert.Equal("InvalidOperationException", sink.Error.Name);
        Assert.Equal("joined\n", sink.Stdout);
        Assert.Equal("5", await ValueOf(session, "kept", 3));
    }

    [Fact]
    public async Task A_cell_that_silences_Console_does_not_silence_the_next_cells()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);

        var (silenced, silencedSink) = await Run(session, "Console.SetOut(System.IO.TextWriter.Null);\nConsole.SetError(System.IO.TextWriter.Null);\nConsole.WriteLine(\"hidden\");", 1);
        var (next, nextSink) = await Run(session, "Console.WriteLine(\"still here\");\nConsole.Error.WriteLine(\"and here\");", 2);

        Assert.True(silenced.Succeeded && next.Succeeded);
        Assert.Equal("", silencedSink.Stdout);
        Assert.Equal("still here\n", nextSink.Stdout);
        Assert.Contains(nextSink.Events, e => e is StreamEvent { Name: "stderr", Text: "and here\n" });
    }

    [Fact]
    public async Task Console_ReadLine_asks_the_sink_and_a_refusal_fails_the_cell_with_its_message()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);

        var answered = new RecordingSink { Input = prompt => prompt == "name? " ? "Ada" : "wrong prompt: " + prompt };
        var (ok, _) = await Run(session, "Console.Write(\"name? \");\nvar name = Console.ReadLine();\nname", 1, sink: answered);
        var refused = new RecordingSink { Input = _ => throw new InvalidOperationException("this front end has no stdin") };
        var (failed, _) = await Run(session, "Console.ReadLine()", 2, sink: refused);

        Assert.True(ok.Succeeded, ok.Error);
        Assert.Equal("Ada", answered.Events.OfType<ExecuteResultEvent>().Single().Data[MimeTypes.Text]);
        Assert.Equal("Cell 2 failed: InvalidOperationException: this front end has no stdin", failed.Error);
    }

    [Fact]
    public async Task Displays_carry_an_id_that_their_updates_name_across_cells()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);

        var (_, first) = await Run(session, "var handle = display(\"one\");", 1);
        var (_, second) = await Run(session, "handle.Update(\"two\");", 2);

        var shown = Assert.Single(first.Events.OfType<DisplayEvent>());
        var update = Assert.Single(second.Events.OfType<DisplayUpdateEvent>());
        Assert.False(string.IsNullOrEmpty(shown.DisplayId));
        Assert.Equal((shown.DisplayId, "two"), (update.DisplayId, update.Data[MimeTypes.Text]));
        Assert.Equal("one", shown.Data[MimeTypes.Text]);
        Assert.IsType<JsonObject>(shown.Metadata);
    }

    [Fact]
    public async Task One_cell_at_a_time()
    {
        await using var session = await ExecutionSession.StartAsync(Patient);
        var sink = new RecordingSink();
        var running = session.ExecuteAsync(new ExecutionRequest("Console.WriteLine(\"busy\");\nwhile (true) { }"), sink);
        await sink.Printed("busy").WaitAsync(TimeSpan.FromMinutes(2));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => session.ExecuteAsync(new ExecutionRequest("1"), new RecordingSink()));
        session.Interrupt();

        Assert.Contains("already running", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Interrupted, (await running).Status);
    }
}
