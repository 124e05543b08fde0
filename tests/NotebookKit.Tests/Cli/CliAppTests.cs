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
