using System.IO.Compression;
using System.Xml.Linq;
using NotebookKit.Notebooks.Execution;
using Xunit.Abstractions;

namespace NotebookKit.Notebooks.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> gives the NotebookKit library package and the <c>nbkit</c> .NET tool; the tool installs from the
/// packed folder and runs, and a file-based app that says <c>#:package NotebookKit@VERSION</c> restores from it.
/// </summary>
/// <remarks>Packs the Release build that tools/test.sh made (<c>--no-build</c>), into a temp folder, with a private NuGet cache.</remarks>
[Collection(nameof(Packaging.PackagesTests))]
public sealed class PackagesTests(PackedFolder packed, ITestOutputHelper output) : IClassFixture<PackedFolder>
{
    private static readonly TimeSpan Minutes = TimeSpan.FromMinutes(6);

    [Fact]
    public void The_library_package_describes_itself_and_depends_on_nothing()
    {
        string path = packed.PathOf($"NotebookKit.{Version}.nupkg");
        output.WriteLine($"NotebookKit.{Version}.nupkg: {new FileInfo(path).Length / 1024} KiB");
        using var zip = ZipFile.OpenRead(path);
        var metadata = Nuspec(zip);
        Assert.Equal("NotebookKit", Text(metadata, "id"));
        Assert.Equal(Version, Text(metadata, "version"));
        Assert.Equal("MIT", Text(metadata, "license"));
        Assert.Equal("README.md", Text(metadata, "readme"));
        Assert.Contains("learning-rate", Text(metadata, "tags"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Text(metadata, "description")));
        // No run-time package at all (PNG export, with its browser, lives elsewhere).
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net8.0/NotebookKit.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
    }

    [Fact]
    public void The_tool_installs_from_the_packed_folder_and_runs()
    {
        string path = packed.PathOf($"nbkit.{Version}.nupkg");
        output.WriteLine($"nbkit.{Version}.nupkg: {new FileInfo(path).Length / 1024} KiB");
        using (var zip = ZipFile.OpenRead(path))
        {
            var metadata = Nuspec(zip);
            Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
            Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains("playwright", StringComparison.OrdinalIgnoreCase));
        }

        string tools = Path.Combine(packed.Folder, "tool");
        var install = packed.Dotnet(packed.Folder, Minutes, "tool", "install", "--tool-path", tools, "--add-source", packed.Packages, "nbkit", "--version", Version);
        Assert.True(install.ExitCode == 0, install.Output);

        string nbkit = Path.Combine(tools, OperatingSystem.IsWindows() ? "nbkit.exe" : "nbkit");
        var version = DotnetProcess.Run(nbkit, packed.Folder, Minutes, "version");
        Assert.True(version.ExitCode == 0, version.Output);
        Assert.Contains($"\"notebookkit\":\"{Version}", version.Stdout, StringComparison.Ordinal);

        File.Copy(Samples.PathOf("parameters.ipynb"), Path.Combine(packed.Folder, "parameters.ipynb"), overwrite: true);
        var convert = DotnetProcess.Run(nbkit, packed.Folder, Minutes, "convert", "parameters.ipynb", "--to", "cs");
        Assert.True(convert.ExitCode == 0, convert.Output);
        Assert.Contains("// %% tags=[\"parameters\"]", File.ReadAllText(Path.Combine(packed.Folder, "parameters.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_based_app_restores_the_library_package_from_the_packed_folder()
    {
        string app = Path.Combine(packed.Folder, "app");
        Directory.CreateDirectory(app);
        // The packed folder beside the sources already configured on this machine (the NuGet registry).
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{packed.Packages}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "schedule.cs"), $"""
            #:package NotebookKit@{Version}
            using NotebookKit.Schedules;

            var schedule = Schedule.Cosine(0.1, tMax: 100);
            Console.WriteLine($"cosine at 50: {"{"}schedule.ValueAt(50):G6{"}"}");
            """);

        var run = packed.Dotnet(app, Minutes, "run", "schedule.cs");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("cosine at 50: 0.05", run.Stdout.Trim().Split('\n')[^1].Trim());
        Assert.True(Directory.Exists(Path.Combine(packed.Cache, "notebookkit", Version)), "the package came from the packed folder into this test's own cache");
    }

    private static string Version => CellPreprocessor.LibraryVersion;

    private static XElement Nuspec(ZipArchive zip)
    {
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Text(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
}

/// <summary>The two packages, packed once for the class into a temp folder, with a NuGet cache of its own.</summary>
public sealed class PackedFolder : IDisposable
{
    public PackedFolder()
    {
        Folder = Directory.CreateTempSubdirectory("nbkit-packages-").FullName;
        Packages = Path.Combine(Folder, "packages");
        Cache = Path.Combine(Folder, "nuget-cache");
        foreach (string project in new[] { "src/NotebookKit/NotebookKit.csproj", "src/NotebookKit.Cli/NotebookKit.Cli.csproj" })
        {
            var pack = Dotnet(Repository.Root, TimeSpan.FromMinutes(6), "pack", project, "-c", "Release", "--no-build", "-o", Packages, "-nologo");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:{Environment.NewLine}{pack.Output}");
            }
        }
    }

    public string Folder { get; }

    public string Packages { get; }

    /// <summary>This fixture's NuGet cache, so a package of the same version packed earlier never stands in for this one.</summary>
    public string Cache { get; }

    public string PathOf(string file) => Path.Combine(Packages, file);

    public DotnetProcess.Result Dotnet(string workingDirectory, TimeSpan timeout, params string[] args) =>
        DotnetProcess.Run("dotnet", workingDirectory, timeout, [.. args], new Dictionary<string, string> { ["NUGET_PACKAGES"] = Cache });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>Packing reads the Release build; one packaging class at a time.</summary>
[CollectionDefinition(nameof(PackagesTests), DisableParallelization = true)]
public sealed class PackagesCollection;
