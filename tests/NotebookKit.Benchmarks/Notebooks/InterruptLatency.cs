using System.Diagnostics;
using System.Globalization;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Benchmarks.Notebooks;

/// <summary>
/// How long after <see cref="IExecutionSession.Interrupt"/> a running cell has stopped (the session's ExecuteAsync returned),
/// for the kinds of code a student writes: a busy loop, a sleep, an await, a LINQ pipeline, a training call into the library.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/NotebookKit.Benchmarks -- interrupt-latency [rounds]</c>.
/// Each case runs in one session: the cell prints a marker, then blocks; the interrupt is sent when the marker arrives.</remarks>
internal static class InterruptLatency
{
    private static readonly (string Name, string Code)[] Cases =
    [
        ("while (true) { }", "while (true) { }"),
        ("Thread.Sleep(600 s)", "System.Threading.Thread.Sleep(600_000);"),
        ("await Task.Delay(600 s)", "await Task.Delay(600_000);"),
        ("LINQ over 2^31 items", "Enumerable.Range(0, int.MaxValue).Select(i => Math.Sqrt(i)).Count(x => x < 0)"),
        ("trainer.Fit() (MLP, 10^6 epochs)", "trainer.Fit();"),
    ];

    private const string Setup = """
        #r "nuget: NotebookKit"
        using NotebookKit.Data;
        using NotebookKit.Nn.Models;
        using NotebookKit.Optim;
        using NotebookKit.Training;
        var data = SyntheticImages.Create("bands", 40, 1, 8, 8, ["a", "b", "c"], seed: 1);
        var model = new Mlp([1, 8, 8], [64], 3, seed: 1);
        var trainer = new Trainer(model, new Sgd(model.Parameters, new SgdOptions(0.1)), new SoftmaxCrossEntropyLoss(),
            new DataLoader(data, 4), options: new TrainerOptions(Epochs: 1_000_000));
        """;

    public static async Task<int> RunAsync(int rounds)
    {
        await using var session = await ExecutionSession.StartAsync(new SessionOptions { InterruptGrace = TimeSpan.FromMinutes(1) });
        int count = 1;
        var setup = await session.ExecuteAsync(new ExecutionRequest(Setup) { ExecutionCount = count++ }, new Marker("-"));
        if (!setup.Succeeded)
        {
            Console.Error.WriteLine(setup.Error);
            return 1;
        }

        Console.WriteLine($"{"cell",-34} {"median ms",10} {"max ms",8} {"restarted",9}");
        foreach (var (name, code) in Cases)
        {
            var latencies = new List<double>();
            bool restarted = false;
            for (int round = 0; round < rounds; round++)
            {
                var marker = new Marker("go");
                var running = session.ExecuteAsync(new ExecutionRequest("Console.WriteLine(\"go\");\n" + code) { ExecutionCount = count++ }, marker);
                await marker.Seen.Task;
                var clock = Stopwatch.StartNew();
                session.Interrupt();
                var outcome = await running;
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                restarted |= outcome.SessionRestarted || outcome.Status != ExecutionStatus.Interrupted;
            }

            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-34} {latencies[latencies.Count / 2],10:0.0} {latencies[^1],8:0.0} {(restarted ? "yes" : "no"),9}"));
        }

        return 0;
    }

    /// <summary>Signals once the cell printed the marker.</summary>
    private sealed class Marker(string text) : IExecutionSink
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnEvent(ExecutionEvent executionEvent)
        {
            if (executionEvent is StreamEvent s && s.Text.Contains(text, StringComparison.Ordinal))
            {
                Seen.TrySetResult();
            }
        }
    }
}
