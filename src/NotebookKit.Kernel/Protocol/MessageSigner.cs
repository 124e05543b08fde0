using System.Security.Cryptography;
using System.Text;

namespace NotebookKit.Kernel.Protocol;

/// <summary>
/// Signs and checks messages with HMAC-SHA256 over the header, parent header, metadata and content frames, as the
/// messaging protocol's wire format requires; the signature is lower-case hex. An empty key disables signing.
/// </summary>
internal sealed class MessageSigner
{
    private readonly byte[] key;

    public MessageSigner(string key) => this.key = Encoding.UTF8.GetBytes(key ?? "");

    /// <summary>True when messages carry signatures (the connection file has a key).</summary>
    public bool Enabled => key.Length > 0;

    public string Sign(ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (!Enabled)
        {
            return "";
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Checks a received signature in constant time; any signature passes when signing is off.</summary>
    public bool Verify(string signature, ReadOnlySpan<byte> header, ReadOnlySpan<byte> parentHeader, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> content)
    {
        if (!Enabled)
        {
            return true;
        }

        string expected = Sign(header, parentHeader, metadata, content);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature ?? ""));
    }
}
