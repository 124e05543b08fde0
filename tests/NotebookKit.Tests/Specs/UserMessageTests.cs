using NotebookKit.Specs;

namespace NotebookKit.Tests.Specs;

public sealed class UserMessageTests
{
    [Fact]
    public void An_argument_exception_loses_the_parameter_suffix_that_dotnet_appends()
    {
        var e = new ArgumentException("lr must be positive.", "lr");
        Assert.EndsWith("(Parameter 'lr')", e.Message, StringComparison.Ordinal);

        Assert.Equal("lr must be positive.", UserMessage.Of(e));
    }

    [Fact]
    public void An_out_of_range_exception_keeps_its_actual_value_on_the_same_line()
    {
        var e = new ArgumentOutOfRangeException("totalSteps", 0, "Warmup needs at least one step after it.");

        Assert.Equal("Warmup needs at least one step after it. Actual value was 0.", UserMessage.Of(e));
        Assert.Equal($"Warmup needs at least one step after it.{Environment.NewLine}Actual value was 0.", UserMessage.WithoutParameter(e));
    }

    [Fact]
    public void Other_messages_are_kept_and_put_on_one_line()
    {
        Assert.Equal("plain.", UserMessage.Of(new InvalidOperationException("plain.")));
        Assert.Equal("first line second line", UserMessage.Of(new InvalidDataException("first line\n  second line\n")));
        Assert.Equal("the (Parameter 'x') of a message that is not an argument exception stays.",
            UserMessage.Of(new InvalidOperationException("the (Parameter 'x') of a message that is not an argument exception stays.")));
    }
}
