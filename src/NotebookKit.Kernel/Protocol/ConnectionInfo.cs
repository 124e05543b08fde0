using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Kernel.Protocol;

/// <summary>
/// A Jupyter connection file: where the kernel binds its five sockets and the key that signs every message.
/// Front ends (jupyter_client, VS Code, JupyterLab) write it and pass its path as <c>{connection_file}</c>.
/// </summary>
/// <param name="Transport">Always <c>tcp</c> here (the <c>ipc</c> transport is refused when read).</param>
/// <param name="Ip">The address to bind, usually <c>127.0.0.1</c>.</param>
/// <param name="ShellPort">ROUTER socket for requests (execute, complete, inspect, ...).</param>
/// <param name="IopubPort">PUB socket for outputs and status.</param>
/// <param name="StdinPort">ROUTER socket for <c>input_request</c>/<c>input_reply</c>.</param>
/// <param name="ControlPort">ROUTER socket for interrupt and shutdown, served while a cell runs.</param>
/// <param name="HeartbeatPort">REP socket that echoes pings.</param>
/// <param name="Key">The HMAC key; empty disables signing.</param>
/// <param name="SignatureScheme">Always <c>hmac-sha256</c> here.</param>
public sealed record ConnectionInfo(string Transport, string Ip, int ShellPort, int IopubPort, int StdinPort, int ControlPort,
    int HeartbeatPort, string Key, string SignatureScheme)
{
    /// <summary>The one signature scheme this kernel speaks.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>The ZeroMQ endpoint of a port, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public string Endpoint(int port) => string.Create(CultureInfo.InvariantCulture,
        $"{Transport}://{(Ip.Contains(':', StringComparison.Ordinal) ? $"[{Ip}]" : Ip)}:{port}");

    /// <summary>Reads and validates a connection file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid connection file; the message names the key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ConnectionInfo Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The connection file {path} does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses connection-file JSON; <paramref name="source"/> names it in errors.</summary>
    public static ConnectionInfo Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject
                ?? throw new InvalidDataException($"The connection file {source} must hold one JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The connection file {source} is not valid JSON: {e.Message}", e);
        }

        string transport = Text("transport", "tcp");
        if (transport != "tcp")
        {
            throw new InvalidDataException($"The connection file {source} asks for transport \"{transport}\"; this kernel supports \"tcp\" only.");
        }

        string scheme = Text("signature_scheme", HmacSha256);
        if (scheme != HmacSha256)
        {
            throw new InvalidDataException($"The connection file {source} asks for signature_scheme \"{scheme}\"; this kernel supports \"{HmacSha256}\" only.");
        }

        string ip = Text("ip", "127.0.0.1");
        if (!IPAddress.TryParse(ip, out _) && ip != "*" && ip != "localhost")
        {
            throw new InvalidDataException($"The connection file {source} has ip \"{ip}\", which is not an IP address.");
        }

        return new ConnectionInfo(transport, ip == "localhost" ? "127.0.0.1" : ip, Port("shell_port"), Port("iopub_port"), Port("stdin_port"),
            Port("control_port"), Port("hb_port"), Text("key", ""), scheme);

        string Text(string name, string fallback) => root[name] switch
        {
            null => fallback,
            JsonValue v when v.TryGetValue(out string? s) => s,
            _ => throw new InvalidDataException($"The connection file {source}: \"{name}\" must be a string."),
        };

        int Port(string name)
        {
            if (root[name] is not JsonValue v || !v.TryGetValue(out int port))
            {
                throw new InvalidDataException($"The connection file {source} lacks \"{name}\" (an integer port).");
            }

            return port is >= 1 and <= 65535 ? port
                : throw new InvalidDataException($"The connection file {source}: \"{name}\" is {port}; a port is 1 to 65535.");
        }
    }
}
