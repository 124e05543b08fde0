using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>The two-rows-a-step split of 16-wide planes (<see cref="WinogradPhaseRowPairs512"/>) against its twin, <see cref="WinogradPhaseRows512"/>, float for float.</summary>
public sealed class WinogradPhaseRowPairs512Tests
{
    // Heights of one row, ending mid-tile, an even and an odd number of tile rows, MiniVGGNet's 16.
    private static readonly int[] Heights = [1, 2, 3, 5, 7, 12, 14, 16, 17, 30];

    [Fact]
    public void Planes_are_those_of_the_one_row_split_bit_for_bit()
    {
        Assert.Equal(SimdDispatch.HasVector512, WinogradPhaseRowPairs512.Supports(16, 4));
        if (!SimdDispatch.HasVector512)
        {
            return;
        }

        var random = new SeededRandom(73);
        var map = new NormalizeOperator(-0.25f, 1.75f, 0.5f, -0.125f);
        foreach (int height in Heights)
        {
            for (int padding = 0; padding <= 1; padding++)
            {
                int outHeight = height + (2 * padding) - 2;
                if (outHeight < 1)
                {
                    continue;
                }

                // The layout the Winograd kernel uses (its TileGrid): tiles padded to whole registers, a plane's used floats, 16 floats of room.
                int tileRows = (outHeight + 3) / 4, tileColumns = 4;
                int used = (((tileRows * tileColumns) + 15) / 16 * 16) + tileColumns;
                int stride = ((used + 8 + 15) / 16 * 16) + 16;
                float[] x = Fill(random, height * 16);
                foreach (bool mapped in new[] { false, true })
                {
                    float[] expected = Garbage(24 * stride), actual = Garbage(24 * stride);
                    WinogradPhaseRows512.SplitInput(x, height, 16, padding, tileRows, tileColumns, expected, stride, used, mapped, map);
                    WinogradPhaseRowPairs512.SplitInput(x, height, padding, tileRows, actual, stride, used, mapped, map);
                    for (int plane = 0; plane < 24; plane++)
                    {
                        for (int i = 0; i < used; i++)
                        {
                            float e = expected[(plane * stride) + i], a = actual[(plane * stride) + i];
                            Assert.True(
                                BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(e),
                                $"height {height}, padding {padding}, mapped {mapped}: plane {plane}, float {i}: {a}, expected {e}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(16, 5)]
    [InlineData(32, 8)]
    [InlineData(32, 4)]
    [InlineData(8, 2)]
    public void Other_widths_and_tile_columns_are_left_to_the_one_row_split(int width, int tileColumns) =>
        Assert.False(WinogradPhaseRowPairs512.Supports(width, tileColumns));

    [Fact]
    public void A_layout_that_does_not_fit_is_refused()
    {
        if (!SimdDispatch.HasVector512)
        {
            return;
        }

        var e = Assert.Throws<ArgumentException>(() => WinogradPhaseRowPairs512.SplitInput(new float[16 * 16], 16, 2, 5, new float[24 * 48], 48, 24));
        Assert.Contains("16x16 with padding 2", e.Message, StringComparison.Ordinal);
    }

    private static float[] Fill(SeededRandom random, int length)
    {
        float[] v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = (float)((2 * random.NextDouble()) - 1);
        }

        return v;
    }

    // NaN everywhere, so a float the split should write and does not shows up.
    private static float[] Garbage(int length)
    {
        float[] v = new float[length];
        Array.Fill(v, float.NaN);
        return v;
    }
}
