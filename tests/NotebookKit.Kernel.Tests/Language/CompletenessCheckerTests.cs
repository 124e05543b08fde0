using NotebookKit.Kernel.Language;

namespace NotebookKit.Kernel.Tests.Language;

public sealed class CompletenessCheckerTests
{
    [Theory]
    [InlineData("Console.WriteLine(1);")]
    [InlineData("1 + 1")]
    [InlineData("#!time\nvar x = 2;")]
    [InlineData("#r \"nuget: NotebookKit\"\nusing NotebookKit.Schedules;")]
    [InlineData("")]
    public void Finished_code_is_complete(string code) => Assert.Equal("complete", (string?)CompletenessChecker.Check(code)["status"]);

    [Theory]
    [InlineData("if (true) {", "    ")]
    [InlineData("for (int i = 0; i < 3; i++)\n{\n    var s = \"", "    ")]
    [InlineData("var list = new List<int>\n{", "    ")]
    public void An_open_block_or_string_is_incomplete_with_an_indent(string code, string indent)
    {
        var reply = CompletenessChecker.Check(code);

        Assert.Equal("incomplete", (string?)reply["status"]);
        Assert.Equal(indent, (string?)reply["indent"]);
    }

    [Theory]
    [InlineData("var x = );")]
    [InlineData("int 3x = 1;")]
    public void Finished_code_with_syntax_errors_is_invalid(string code) => Assert.Equal("invalid", (string?)CompletenessChecker.Check(code)["status"]);
}
