using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Kernel.Protocol;

/// <summary>
/// The protocol's wire format: <c>[identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content,
/// buffers...]</c>, each JSON part UTF-8 encoded and the signature an HMAC over the four JSON parts.
/// </summary>
internal static class WireFormat
{
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The frames of <paramref name="message"/>, signed.</summary>
    public static List<byte[]> Encode(JupyterMessage message, MessageSigner signer)
    {
        byte[] header = Json(message.Header), parent = Json(message.ParentHeader), metadata = Json(message.Metadata), content = Json(message.Content);
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Parses received frames; null (with the reason) when they are malformed or the signature is wrong.</summary>
    public static JupyterMessage? Decode(IReadOnlyList<byte[]> frames, MessageSigner signer, out string? problem)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(Delimiter))
            {
                delimiter = i;
                break;
            }
        }

        if (delimiter < 0 || frames.Count < delimiter + 6)
        {
            problem = "a message without the <IDS|MSG> delimiter and its five parts";
            return null;
        }

        string signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        byte[] header = frames[delimiter + 2], parent = frames[delimiter + 3], metadata = frames[delimiter + 4], content = frames[delimiter + 5];
        if (!signer.Verify(signature, header, parent, metadata, content))
        {
            problem = "a message whose signature does not match the connection file's key";
            return null;
        }

        try
        {
            var message = new JupyterMessage
            {
                Identities = [.. frames.Take(delimiter)],
                Header = Object(header) ?? throw new JsonException("The header is empty."),
                ParentHeader = Object(parent) ?? [],
                Metadata = Object(metadata) ?? [],
                Content = Object(content) ?? [],
                Buffers = [.. frames.Skip(delimiter + 6)],
            };
            problem = message.MessageType.Length == 0 ? "a message whose header has no msg_type" : null;
            return problem is null ? message : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            problem = $"a message whose JSON parts do not parse ({e.Message})";
            return null;
        }
    }

    private static byte[] Json(JsonObject value) => JsonSerializer.SerializeToUtf8Bytes(value, Compact);

    private static JsonObject? Object(byte[] bytes) => bytes.Length == 0 ? null : JsonNode.Parse(bytes) switch
    {
        JsonObject o => o,
        null => null,
        _ => throw new JsonException("A message part is not a JSON object."),
    };
}
