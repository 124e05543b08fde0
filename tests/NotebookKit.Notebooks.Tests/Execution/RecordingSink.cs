namespace NotebookKit.Notebooks.Tests;

/// <summary>An <see cref="IExecutionSink"/> that keeps every event and can signal when a cell has printed a given text.</summary>
internal sealed class RecordingSink : IExecutionSink
{
    private readonly List<ExecutionEvent> events = [];
    private readonly List<(string Text, TaskCompletionSource Seen)> waits = [];

    /// <summary>Answers Console.ReadLine (null: end of input); throws when it throws.</summary>
    public Func<string, string?> Input { get; init; } = _ => null;

    public IReadOnlyList<ExecutionEvent> Events
    {
        get
        {
            lock (events)
            {
                return [.. events];
            }
        }
    }

    public string Stdout => string.Concat(Events.OfType<StreamEvent>().Where(e => e.Name == "stdout").Select(e => e.Text));

    public ErrorEvent Error => Events.OfType<ErrorEvent>().Single();

    public void OnEvent(ExecutionEvent executionEvent)
    {
        lock (events)
        {
            events.Add(executionEvent);
            foreach (var (text, seen) in waits)
            {
                if (Stdout.Contains(text, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
    }

    public ValueTask<string?> ReadInputAsync(string prompt, bool password, CancellationToken cancellationToken) => ValueTask.FromResult(Input(prompt));

    /// <summary>Completes once the cell's stdout contains <paramref name="text"/>.</summary>
    public Task Printed(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (events)
        {
            waits.Add((text, seen));
            if (Stdout.Contains(text, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }

        return seen.Task;
    }
}
