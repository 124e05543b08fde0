namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// An <see cref="IExecutionSink"/> that turns a cell's events into nbformat outputs, the way Jupyter saves them:
/// consecutive text on one stream merges into one output, and an update replaces the displayed output it names (in this
/// cell or, through a shared <see cref="DisplayRegistry"/>, in an earlier one).
/// </summary>
/// <param name="displays">Displayed outputs by display id, shared by the cells of one notebook; null for this cell only.</param>
public sealed class OutputCollector(DisplayRegistry? displays = null) : IExecutionSink
{
    /// <summary>Text kept per stream output; beyond it the rest of the cell's text on that stream is dropped with a note,
    /// so a cell that prints without end cannot exhaust memory.</summary>
    public const int StreamLimit = 8 * 1024 * 1024;

    private readonly DisplayRegistry registry = displays ?? new DisplayRegistry();
    private readonly List<CellOutput> outputs = [];
    private readonly HashSet<string> truncated = new(StringComparer.Ordinal);

    /// <summary>The outputs so far, in order.</summary>
    public IReadOnlyList<CellOutput> Outputs
    {
        get
        {
            lock (outputs)
            {
                return [.. outputs];
            }
        }
    }

    /// <inheritdoc/>
    public void OnEvent(ExecutionEvent executionEvent)
    {
        ArgumentNullException.ThrowIfNull(executionEvent);
        lock (outputs)
        {
            switch (executionEvent)
            {
                case StreamEvent s:
                    AddText(s.Name, s.Text);
                    break;
                case DisplayEvent d:
                    var shown = CellOutput.Display(d.Data);
                    Copy(d.Metadata, shown);
                    outputs.Add(shown);
                    if (d.DisplayId is { } id)
                    {
                        registry.Add(id, shown);
                    }

                    break;
                case DisplayUpdateEvent u:
                    registry.Update(u.DisplayId, u.Data, u.Metadata);
                    break;
                case ExecuteResultEvent r:
                    var result = CellOutput.Result(r.Data, r.ExecutionCount);
                    Copy(r.Metadata, result);
                    outputs.Add(result);
                    break;
                case ErrorEvent e:
                    outputs.Add(CellOutput.Error(e.Name, e.Value, e.Traceback));
                    break;
            }
        }
    }

    private void AddText(string stream, string text)
    {
        if (truncated.Contains(stream))
        {
            return;
        }

        var last = outputs.Count > 0 && outputs[^1] is { OutputType: OutputType.Stream } o && o.Name == stream ? o : null;
        int kept = outputs.Where(o => o.OutputType == OutputType.Stream && o.Name == stream).Sum(o => o.Text.Length);
        if (kept + text.Length > StreamLimit)
        {
            truncated.Add(stream);
            text = text[..Math.Max(0, StreamLimit - kept)] + $"\n[nbkit: more than {StreamLimit / (1024 * 1024)} MB written to {stream}; the rest of this cell's {stream} is not kept]\n";
        }

        if (last is not null)
        {
            last.Text += text;
        }
        else
        {
            outputs.Add(CellOutput.Stream(stream, text));
        }
    }

    private static void Copy(System.Text.Json.Nodes.JsonObject metadata, CellOutput output)
    {
        foreach (var (key, value) in metadata)
        {
            output.Metadata[key] = value?.DeepClone();
        }
    }
}
