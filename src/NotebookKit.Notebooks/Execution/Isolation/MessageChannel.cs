using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution.Isolation;

/// <summary>JSON messages, one per line, over the pipe between the supervisor and its worker.</summary>
internal sealed class MessageChannel : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly StreamReader reader;
    private readonly StreamWriter writer;
    private readonly Lock gate = new();

    public MessageChannel(Stream stream)
    {
        reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        writer = new StreamWriter(stream, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
    }

    /// <summary>Sends one message; false when the other side is gone.</summary>
    public bool Send(JsonObject message)
    {
        string line = message.ToJsonString();
        lock (gate)
        {
            try
            {
                writer.WriteLine(line);
                writer.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>The next message, or null when the other side closed the pipe.</summary>
    public async Task<JsonObject?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return null;
            }

            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(line) is JsonObject message)
                {
                    return message;
                }
            }
            catch (JsonException)
            {
                // Not ours (nothing else writes to this pipe); skip rather than stop the session.
            }
        }
    }

    public void Dispose()
    {
        reader.Dispose();
        lock (gate)
        {
            try
            {
                writer.Dispose();
            }
            catch (IOException)
            {
                // The other side is gone; nothing left to flush to.
            }
        }
    }
}
