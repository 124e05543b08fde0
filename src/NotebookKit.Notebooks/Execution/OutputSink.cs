namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Collects the outputs of the cell that is running, in the order they happen: stream text (consecutive writes to
/// one stream merge, as Jupyter does), displays and the result. The runner runs one notebook at a time, so there is
/// one current sink per process.
/// </summary>
internal sealed class OutputSink
{
    private static readonly AsyncLocal<OutputSink?> CurrentSink = new();
    private readonly List<CellOutput> outputs = [];

    /// <summary>The sink of the running cell, or null outside a run.</summary>
    /// <remarks>Flows with the execution context into the cell's code and the tasks and threads it starts, so code running
    /// beside a notebook in the same process does not write into its cells.</remarks>
    public static OutputSink? Current
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }

    public IReadOnlyList<CellOutput> Snapshot()
    {
        lock (outputs)
        {
            return [.. outputs];
        }
    }

    public void Write(string stream, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        lock (outputs)
        {
            if (outputs.Count > 0 && outputs[^1] is { OutputType: OutputType.Stream } last && last.Name == stream)
            {
                last.Text += text;
            }
            else
            {
                outputs.Add(CellOutput.Stream(stream, text));
            }
        }
    }

    public DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var output = CellOutput.Display(ValueFormatter.Format(value, mimeTypes));
        Add(output);
        return new DisplayedValue(output, mimeTypes);
    }

    public void Add(CellOutput output)
    {
        lock (outputs)
        {
            outputs.Add(output);
        }
    }

    /// <summary>The sink for display calls; a clear error when code displays outside a notebook run.</summary>
    public static OutputSink Require() =>
        Current ?? throw new InvalidOperationException("display(...) can only be called while a notebook cell runs.");
}
