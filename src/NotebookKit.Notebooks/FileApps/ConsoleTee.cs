using System.Text;

namespace NotebookKit.Notebooks.FileApps;

/// <summary>
/// Console output of a file-based app: written to the terminal as usual and recorded as a stream output of the cell
/// that is running, as <c>nbkit run</c> records it.
/// </summary>
internal sealed class ConsoleTee : TextWriter
{
    private readonly string stream;
    private readonly TextWriter terminal;
    private readonly Action<string, string> record;

    public ConsoleTee(string stream, TextWriter terminal, Action<string, string> record)
    {
        this.stream = stream;
        this.terminal = terminal;
        this.record = record;
    }

    public override Encoding Encoding => terminal.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        terminal.Write(value);
        record(stream, value);
    }

    public override void WriteLine(string? value) => Write((value ?? "") + CoreNewLineStr);

    public override void Flush() => terminal.Flush();

    private string CoreNewLineStr => new(CoreNewLine);
}
