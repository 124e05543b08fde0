using System.Text;

namespace NotebookKit.Notebooks.Execution;

/// <summary>Console.Out/Console.Error while a cell runs: text goes to the running cell's stream output.</summary>
internal sealed class CapturingWriter(string stream, TextWriter fallback) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (OutputSink.Current is { } sink)
        {
            sink.Write(stream, value);
        }
        else
        {
            fallback.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + "\n");

    public override void WriteLine() => Write("\n");
}
