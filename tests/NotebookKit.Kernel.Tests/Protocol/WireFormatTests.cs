using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Kernel.Protocol;

namespace NotebookKit.Kernel.Tests.Protocol;

public sealed class WireFormatTests
{
    private static readonly MessageSigner Signer = new("secret-key");

    [Fact]
    public void The_signature_is_hmac_sha256_hex_over_the_four_json_parts()
    {
        var message = JupyterMessage.Create("status", "s1", new JsonObject { ["execution_state"] = "idle" }, null);

        var frames = WireFormat.Encode(message, Signer);

        int delimiter = frames.FindIndex(f => f.AsSpan().SequenceEqual(WireFormat.Delimiter));
        byte[] signed = [.. frames[delimiter + 2], .. frames[delimiter + 3], .. frames[delimiter + 4], .. frames[delimiter + 5]];
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("secret-key"), signed));
        Assert.Equal(expected, Encoding.ASCII.GetString(frames[delimiter + 1]));
    }

    [Fact]
    public void A_message_survives_encoding_with_its_identities_and_buffers()
    {
        var request = new JupyterMessage
        {
            Header = JupyterMessage.NewHeader("execute_request", "client"),
            Content = new JsonObject { ["code"] = "var π = 3.14; // ✓" },
            Identities = [[1, 2, 3]],
            Buffers = [[9, 9]],
        };

        var decoded = WireFormat.Decode(WireFormat.Encode(request, Signer), Signer, out string? problem);

        Assert.Null(problem);
        Assert.NotNull(decoded);
        Assert.Equal("execute_request", decoded.MessageType);
        Assert.Equal("var π = 3.14; // ✓", (string?)decoded.Content["code"]);
        Assert.Equal([1, 2, 3], decoded.Identities.Single());
        Assert.Equal([9, 9], decoded.Buffers.Single());
    }

    [Fact]
    public void A_message_signed_with_another_key_is_refused()
    {
        var message = JupyterMessage.Create("execute_request", "client", new JsonObject { ["code"] = "1" }, null);

        var decoded = WireFormat.Decode(WireFormat.Encode(message, new MessageSigner("other-key")), Signer, out string? problem);

        Assert.Null(decoded);
        Assert.Contains("signature", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_carries_the_request_header_as_parent_and_its_identities()
    {
        var request = new JupyterMessage { Header = JupyterMessage.NewHeader("kernel_info_request", "client"), Identities = [[7]] };

        var reply = JupyterMessage.Create("kernel_info_reply", "kernel", [], request);

        Assert.Equal(request.MessageId, (string?)reply.ParentHeader["msg_id"]);
        Assert.Equal("5.3", (string?)reply.Header["version"]);
        Assert.Equal([7], reply.Identities.Single());
    }
}
