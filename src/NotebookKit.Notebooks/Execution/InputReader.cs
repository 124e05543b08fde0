namespace NotebookKit.Notebooks.Execution;

/// <summary>Console.In in a worker: each line is asked of the front end (Jupyter <c>input_request</c>); null is end of input.</summary>
internal sealed class InputReader(OutputSink sink) : TextReader
{
    private string? buffered;
    private int offset;

    public override string? ReadLine()
    {
        if (buffered is not null && offset < buffered.Length)
        {
            // The rest of a line partly consumed by Read(), without its newline.
            string rest = buffered[offset..^1];
            buffered = null;
            return rest;
        }

        buffered = null;
        return sink.ReadLine(password: false);
    }

    public override int Peek() => Fill() ? buffered![offset] : -1;

    public override int Read()
    {
        if (!Fill())
        {
            return -1;
        }

        char c = buffered![offset++];
        return c;
    }

    public override string ReadToEnd()
    {
        var lines = new List<string>();
        while (ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return string.Join('\n', lines);
    }

    /// <summary>Makes a character available: the rest of the current line plus its newline, or a new line.</summary>
    private bool Fill()
    {
        if (buffered is not null && offset < buffered.Length)
        {
            return true;
        }

        string? line = sink.ReadLine(password: false);
        if (line is null)
        {
            buffered = null;
            return false;
        }

        buffered = line + "\n";
        offset = 0;
        return true;
    }
}
