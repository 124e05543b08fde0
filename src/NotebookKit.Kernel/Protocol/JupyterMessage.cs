using System.Globalization;
using System.Text.Json.Nodes;

namespace NotebookKit.Kernel.Protocol;

/// <summary>
/// One message of the Jupyter messaging protocol: ZeroMQ routing identities, header, parent header, metadata and
/// content (JSON objects), and optional binary buffers.
/// </summary>
internal sealed class JupyterMessage
{
    /// <summary>The protocol version this kernel speaks and writes into every header.</summary>
    public const string ProtocolVersion = "5.3";

    public required JsonObject Header { get; init; }

    public JsonObject ParentHeader { get; init; } = [];

    public JsonObject Metadata { get; init; } = [];

    public JsonObject Content { get; init; } = [];

    /// <summary>ROUTER identities (who to answer) or, on iopub, the topic.</summary>
    public IReadOnlyList<byte[]> Identities { get; init; } = [];

    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    public string MessageType => (string?)Header["msg_type"] ?? "";

    public string MessageId => (string?)Header["msg_id"] ?? "";

    /// <summary>A new header for a message this kernel sends.</summary>
    public static JsonObject NewHeader(string messageType, string session) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = session,
        ["username"] = "kernel",
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = messageType,
        ["version"] = ProtocolVersion,
    };

    /// <summary>A message of <paramref name="messageType"/> answering (or caused by) <paramref name="parent"/>.</summary>
    public static JupyterMessage Create(string messageType, string session, JsonObject content, JupyterMessage? parent,
        IReadOnlyList<byte[]>? identities = null) => new()
        {
            Header = NewHeader(messageType, session),
            ParentHeader = parent is null ? [] : (JsonObject)parent.Header.DeepClone(),
            Content = content,
            Identities = identities ?? parent?.Identities ?? [],
        };
}
