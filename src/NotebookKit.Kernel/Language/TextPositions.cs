using System.Text;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// Cursor positions: the protocol (5.2 and later) counts Unicode code points, .NET strings count UTF-16 units;
/// the two differ after any character outside the Basic Multilingual Plane (an emoji in a comment).
/// </summary>
internal static class TextPositions
{
    /// <summary>The UTF-16 offset of code point <paramref name="codePoint"/>, clamped to the text.</summary>
    public static int Utf16Offset(string text, int codePoint)
    {
        int offset = 0, seen = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (seen >= codePoint)
            {
                break;
            }

            offset += rune.Utf16SequenceLength;
            seen++;
        }

        return Math.Clamp(offset, 0, text.Length);
    }

    /// <summary>The code-point index of UTF-16 offset <paramref name="utf16"/>.</summary>
    public static int CodePointOffset(string text, int utf16)
    {
        utf16 = Math.Clamp(utf16, 0, text.Length);
        int count = 0;
        for (int i = 0; i < utf16;)
        {
            i += Rune.TryGetRuneAt(text, i, out var rune) ? rune.Utf16SequenceLength : 1;
            count++;
        }

        return count;
    }
}
