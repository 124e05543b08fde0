using NotebookKit.Cli;

namespace NotebookKit.Tests.Cli;

/// <summary>Command-line mistakes: one <c>error:</c> line naming the mistake, one pointer to --help, exit 1, no help dump.</summary>
public sealed class CommandLineErrorTests
{
    public static TheoryData<string[], string, string> Mistakes => new()
    {
        { ["bogus"], "error: Unrecognized command or argument 'bogus'.", "nbkit --help" },
        { [], $"error: a command is required: {string.Join(", ", CliApp.BuildRoot().Subcommands.Select(c => c.Name))}.", "nbkit --help" },
        { ["schedule"], "error: a command is required: trace.", "nbkit schedule --help" },
        { ["schedule", "trace", "spec.json", "--bogus"], "error: Unrecognized command or argument '--bogus'.", "nbkit schedule trace --help" },
        { ["train"], "error: Required argument missing for command: 'train'.", "nbkit train --help" },
        { ["train", "x.json", "--out"], "error: Required argument missing for option: '--out'.", "nbkit train --help" },
        { ["bench", "train", "--threads", "abc"], "error: --threads: 'abc' is not a whole number.", "nbkit bench train --help" },
        { ["bench", "train", "--threads", "1e99"], "error: --threads: '1e99' is not a whole number.", "nbkit bench train --help" },
        { ["run", "x.ipynb", "--timeout", "soon"], "error: --timeout: 'soon' is not a number.", "nbkit run --help" },
        { ["data", "fetch", "mnist"], "error: Argument 'mnist' not recognized. Must be one of: 'cifar10', 'fashion-mnist'", "nbkit data fetch --help" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_prints_one_error_line_and_a_pointer_to_help(string[] args, string error, string help)
    {
        using var stderr = new StringWriter();

        int exit = await CliApp.RunAsync(args, stderr);

        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(1, exit);
        Assert.Equal([error, $"Run '{help}' for usage."], lines);
        Assert.DoesNotContain("System.", stderr.ToString(), StringComparison.Ordinal);
    }
}
