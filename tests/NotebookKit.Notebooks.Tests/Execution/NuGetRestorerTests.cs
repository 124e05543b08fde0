using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.Tests.Execution;

/// <summary><c>#r "nuget: ..."</c> restores through the .NET SDK (the NuGet registry is reachable on build machines).</summary>
public sealed class NuGetRestorerTests : IDisposable
{
    private readonly string cache = Directory.CreateTempSubdirectory("nbkit-nuget-").FullName;

    public void Dispose() => Directory.Delete(cache, recursive: true);

    [Fact]
    public async Task A_package_restores_into_the_cache_and_gives_its_runtime_assembly()
    {
        var assemblies = await NuGetRestorer.RestoreAsync([new("Newtonsoft.Json", "13.0.4")], [], cache);

        string dll = Assert.Single(assemblies, a => Path.GetFileName(a) == "Newtonsoft.Json.dll");
        Assert.True(File.Exists(dll));
        Assert.True(File.Exists(Path.Combine(Directory.GetDirectories(cache).Single(), "assemblies.txt")));
        Assert.Equal(assemblies, await NuGetRestorer.RestoreAsync([new("Newtonsoft.Json", "13.0.4")], [], cache));
    }

    [Fact]
    public async Task An_unreachable_feed_gives_an_error_naming_the_package_and_the_feed()
    {
        // A NuGet.Config above the restore folder that knows only a feed nobody listens on: the offline case.
        File.WriteAllText(Path.Combine(cache, "NuGet.Config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="offline" value="http://127.0.0.1:9/v3/index.json" /></packageSources>
            </configuration>
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NuGetRestorer.RestoreAsync([new("Nbkit.Surely.Missing.Package", "1.0.0")], [], cache));

        Assert.Contains("#r \"nuget: Nbkit.Surely.Missing.Package, 1.0.0\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", error.Message, StringComparison.Ordinal);
        Assert.Contains("#i \"nuget:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Id", "1.0.0", "is not a NuGet package id")]
    [InlineData("Good.Id", "1.0\"/><Evil", "is not a NuGet version")]
    public async Task A_malformed_id_or_version_is_refused_before_any_restore(string id, string version, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NuGetRestorer.RestoreAsync([new(id, version)], [], cache));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cache));
    }
}
