using System.Text.Json.Nodes;
using NotebookKit.Kernel.Kernelspecs;

namespace NotebookKit.Kernel.Tests.Kernelspecs;

public sealed class KernelspecTests : IDisposable
{
    private readonly string prefix = Directory.CreateTempSubdirectory("nbkit-kernelspec-").FullName;

    public void Dispose() => Directory.Delete(prefix, recursive: true);

    private KernelspecInstallOptions Options(string name = Kernelspec.DefaultName) =>
        new() { Name = name, Prefix = prefix, Launcher = ["/opt/nbkit/nbkit"], Version = "1.2.3" };

    [Fact]
    public void Install_writes_kernel_json_that_starts_nbkit_with_the_connection_file()
    {
        string folder = Kernelspec.Install(Options());

        Assert.Equal(Path.Combine(prefix, "share", "jupyter", "kernels", "nbkit-csharp"), folder);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
        Assert.Equal(["/opt/nbkit/nbkit", "kernel", "start", "{connection_file}"], spec["argv"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("csharp", (string?)spec["language"]);
        Assert.Equal("message", (string?)spec["interrupt_mode"]);
        Assert.Equal(Kernelspec.DefaultDisplayName, (string?)spec["display_name"]);
        Assert.Equal("1.2.3", (string?)spec["metadata"]!["nbkit"]!["version"]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(folder, "logo-64x64.png"))[..4]);
        Assert.True(new FileInfo(Path.Combine(folder, "logo-32x32.png")).Length > 100);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(folder, "logo-svg.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_dotnet_kernel_name_and_a_display_name_are_honoured_and_listed()
    {
        Kernelspec.Install(Options(".net-csharp") with { DisplayName = "C# for the class" });

        var listed = Kernelspec.List([Path.Combine(prefix, "share", "jupyter")]).Single(k => k.Name == ".net-csharp");

        Assert.True(listed.IsNbkit);
        Assert.Equal("C# for the class", listed.DisplayName);
        Assert.Equal(Path.Combine(prefix, "share", "jupyter", "kernels", ".net-csharp"), listed.Directory);
    }

    [Fact]
    public void Reinstalling_replaces_the_kits_own_kernelspec_and_leaves_no_staging_folder()
    {
        Kernelspec.Install(Options());
        string folder = Kernelspec.Install(Options() with { Launcher = ["/new/nbkit"] });

        Assert.Contains("/new/nbkit", File.ReadAllText(Path.Combine(folder, "kernel.json")), StringComparison.Ordinal);
        Assert.Equal(["nbkit-csharp"], Directory.GetDirectories(Path.GetDirectoryName(folder)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Another_kernels_kernelspec_is_kept_unless_forced()
    {
        string foreign = Path.Combine(prefix, "share", "jupyter", "kernels", ".net-csharp");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "kernel.json"),
            """{"argv": ["dotnet", "interactive", "jupyter", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}""");

        var refused = Assert.Throws<InvalidOperationException>(() => Kernelspec.Install(Options(".net-csharp")));
        Assert.Contains("dotnet interactive jupyter", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Kernelspec.Uninstall(".net-csharp", prefix, force: false));
        Assert.Contains("interactive", File.ReadAllText(Path.Combine(foreign, "kernel.json")), StringComparison.Ordinal);

        Kernelspec.Install(Options(".net-csharp") with { Force = true });
        Assert.Contains("nbkit", File.ReadAllText(Path.Combine(foreign, "kernel.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Uninstall_removes_it_and_a_second_uninstall_says_nothing_is_there()
    {
        string folder = Kernelspec.Install(Options());

        Kernelspec.Uninstall(Kernelspec.DefaultName, prefix, force: false);

        Assert.False(Directory.Exists(folder));
        var error = Assert.Throws<InvalidOperationException>(() => Kernelspec.Uninstall(Kernelspec.DefaultName, prefix, force: false));
        Assert.Contains("No kernelspec named \"nbkit-csharp\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("c sharp")]
    public void A_name_jupyter_would_not_accept_is_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Kernelspec.Install(Options(name)));

        Assert.Contains("--name", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(prefix, "share", "jupyter", "kernels")) &&
                     Directory.EnumerateFileSystemEntries(Path.Combine(prefix, "share", "jupyter", "kernels")).Any());
    }
}
