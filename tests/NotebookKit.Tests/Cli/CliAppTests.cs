using NotebookKit.Cli;

namespace NotebookKit.Tests.Cli;

public sealed class CliAppTests
{
    [Fact]
    public void Every_discovered_command_is_reachable_by_its_path()
    {
        var root = CliApp.BuildRoot();
        var version = root.Subcommands.Single(c => c.Name == "version");
        Assert.NotNull(version);
        var parse = root.Parse(["version"]);
        Assert.Empty(parse.Errors);
    }
}

public sealed class VersionCommandTests
{
    [Fact]
    public void Version_prints_one_json_object_with_the_runtime()
    {
        var result = Nbkit.Run("version");
        Assert.Equal(0, result.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(result.LastLine);
        Assert.StartsWith(".NET", doc.RootElement.GetProperty("dotnet").GetString(), StringComparison.Ordinal);
    }
}
