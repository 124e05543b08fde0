using System.Text;

namespace NotebookKit.Notebooks.Execution;

/// <summary>Console.Out/Console.Error in a worker: text goes to the stream output of the running cell.</summary>
internal sealed class CapturingWriter(OutputSink sink, string stream) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => sink.Write(stream, value.ToString());

    public override void Write(string? value) => sink.Write(stream, value ?? "");

    public override void Write(char[] buffer, int index, int count) => sink.Write(stream, new string(buffer, index, count));

    public override void WriteLine(string? value) => sink.Write(stream, value + "\n");

    public override void WriteLine() => sink.Write(stream, "\n");
}
