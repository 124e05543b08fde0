using NotebookKit.Kernel.Language;

namespace NotebookKit.Kernel.Tests.Language;

public sealed class TextPositionsTests
{
    [Fact]
    public void Code_points_after_an_emoji_map_to_one_more_utf16_unit()
    {
        const string code = "// 😀\nvar x";

        Assert.Equal(code.Length, TextPositions.Utf16Offset(code, 10));
        Assert.Equal(10, TextPositions.CodePointOffset(code, code.Length));
        Assert.Equal(3, TextPositions.Utf16Offset(code, 3));
        Assert.Equal(5, TextPositions.Utf16Offset(code, 4));
    }

    [Fact]
    public void A_cursor_past_the_end_is_clamped() => Assert.Equal(3, TextPositions.Utf16Offset("abc", 99));
}
