using NotebookKit.Kernel.Protocol;

namespace NotebookKit.Kernel.Tests.Protocol;

public sealed class ConnectionInfoTests
{
    private const string Valid = """
        {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
         "ip": "127.0.0.1", "key": "a0436f6c-1916-498b", "transport": "tcp", "signature_scheme": "hmac-sha256",
         "kernel_name": "nbkit-csharp"}
        """;

    [Fact]
    public void Reads_every_port_the_key_and_the_endpoint()
    {
        var info = ConnectionInfo.Parse(Valid, "kernel-1.json");

        Assert.Equal((5001, 5002, 5003, 5004, 5005), (info.ShellPort, info.IopubPort, info.StdinPort, info.ControlPort, info.HeartbeatPort));
        Assert.Equal("a0436f6c-1916-498b", info.Key);
        Assert.Equal("tcp://127.0.0.1:5001", info.Endpoint(info.ShellPort));
    }

    [Theory]
    [InlineData("\"transport\": \"tcp\"", "\"transport\": \"ipc\"", "transport \"ipc\"")]
    [InlineData("\"signature_scheme\": \"hmac-sha256\"", "\"signature_scheme\": \"hmac-md5\"", "signature_scheme \"hmac-md5\"")]
    [InlineData("\"shell_port\": 5001,", "", "lacks \"shell_port\"")]
    [InlineData("\"hb_port\": 5005", "\"hb_port\": 70000", "\"hb_port\" is 70000")]
    [InlineData("\"ip\": \"127.0.0.1\"", "\"ip\": \"not an address\"", "not an IP address")]
    [InlineData("\"key\": \"a0436f6c-1916-498b\"", "\"key\": 12", "\"key\" must be a string")]
    public void Refuses_a_broken_file_naming_the_key(string find, string replace, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Parse(Valid.Replace(find, replace, StringComparison.Ordinal), "kernel-1.json"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("kernel-1.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_text_that_is_not_json()
    {
        var error = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Parse("{ not json", "c.json"));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
