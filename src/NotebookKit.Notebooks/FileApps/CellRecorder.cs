using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.FileApps;

/// <summary>
/// The outputs of one lesson cell in a file-based app: the same <see cref="OutputSink"/> a notebook worker writes to
/// (console text merged per stream, displays with ids), collected into nbformat outputs; updates of a display reach its
/// output whichever cell made it (one <see cref="DisplayRegistry"/> per app).
/// </summary>
internal sealed class CellRecorder
{
    private readonly OutputCollector collector;

    public CellRecorder(DisplayRegistry displays)
    {
        collector = new OutputCollector(displays);
        Sink = new OutputSink(collector.OnEvent, (_, _) => null);
    }

    public OutputSink Sink { get; }

    /// <summary>The cell's outputs, with any console text still waiting to be merged.</summary>
    public IReadOnlyList<CellOutput> Snapshot()
    {
        Sink.Flush();
        return collector.Outputs;
    }
}
