using System.Text.Json.Nodes;
using NotebookKit.Kernel.Tests.Clients;

namespace NotebookKit.Kernel.Tests;

/// <summary><c>nbkit kernel install|list|uninstall|start</c> through the built nbkit, as a student runs them.</summary>
public sealed class KernelCommandTests : IDisposable
{
    private readonly string prefix = Directory.CreateTempSubdirectory("nbkit-kernel-cli-").FullName;

    public void Dispose() => Directory.Delete(prefix, recursive: true);

    [Fact]
    public void Install_list_and_uninstall_round_trip_with_a_kernelspec_that_names_this_nbkit()
    {
        var install = InstalledKernel.Nbkit("kernel", "install", "--prefix", prefix, "--name", ".net-csharp", "--display-name", "C# class");
        var list = InstalledKernel.Nbkit("kernel", "list", "--prefix", prefix, "--json");
        var uninstall = InstalledKernel.Nbkit("kernel", "uninstall", "--prefix", prefix, "--name", ".net-csharp");

        Assert.Equal(0, install.ExitCode);
        Assert.Contains("Installed kernelspec .net-csharp", install.Stdout, StringComparison.Ordinal);
        var entry = JsonNode.Parse(list.Stdout)!.AsArray().Single(k => (string?)k!["name"] == ".net-csharp")!;
        Assert.True((bool)entry["nbkit"]!);
        Assert.Equal("C# class", (string?)entry["display_name"]);
        var argv = entry["argv"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Equal(["kernel", "start", "{connection_file}"], argv[^3..]);
        Assert.True(File.Exists(argv[0]), $"The kernelspec starts {argv[0]}, which does not exist.");
        Assert.Equal(0, uninstall.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(prefix, "share", "jupyter", "kernels", ".net-csharp")));
    }

    [Theory]
    [InlineData("error: --user and --prefix choose different places", "kernel", "install", "--user", "--prefix", "PREFIX")]
    [InlineData("error: The kernel name (--name) \"a/b\" is not valid", "kernel", "install", "--prefix", "PREFIX", "--name", "a/b")]
    [InlineData("error: No kernelspec named \"nbkit-csharp\" is installed", "kernel", "uninstall", "--prefix", "PREFIX")]
    [InlineData("error: The connection file", "kernel", "start", "PREFIX/missing.json")]
    public void A_mistake_prints_one_error_line_and_fails(string expected, params string[] args)
    {
        var result = InstalledKernel.Nbkit([.. args.Select(a => a.Replace("PREFIX", prefix, StringComparison.Ordinal))]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith(expected, result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Start_refuses_a_connection_file_that_names_an_unsupported_transport()
    {
        string file = Path.Combine(prefix, "kernel.json");
        File.WriteAllText(file, """{"transport": "ipc", "ip": "kernel", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": ""}""");

        var result = InstalledKernel.Nbkit("kernel", "start", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("transport \"ipc\"", result.Stderr, StringComparison.Ordinal);
    }
}
