using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>The phase split built in registers (<see cref="WinogradPhaseRows512"/>) against the planes' definition, float for float.</summary>
public sealed class WinogradPhaseRows512Tests
{
    // Widths of one to six vectors (one chunk of tile columns, several, a ragged last one), heights that end mid-tile
    // and a single row, every padding the Winograd kernel takes.
    private static readonly int[] Widths = [16, 32, 48, 64, 96];
    private static readonly int[] Heights = [1, 3, 7, 16, 30];

    [Fact]
    public void Planes_hold_the_padded_image_in_tile_order_bit_for_bit()
    {
        Assert.Equal(SimdDispatch.HasVector512, WinogradPhaseRows512.Supports(16));
        if (!SimdDispatch.HasVector512)
        {
            return;
        }

        var random = new SeededRandom(71);
        foreach (int width in Widths)
        {
            foreach (int height in Heights)
            {
                for (int padding = 0; padding <= 2; padding++)
                {
                    int outHeight = height + (2 * padding) - 2, outWidth = width + (2 * padding) - 2;
                    if (outHeight < 1)
                    {
                        continue;
                    }

                    foreach (bool mapped in new[] { false, true })
                    {
                        Check(random, width, height, padding, outHeight, outWidth, mapped);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    [InlineData(33)]
    [InlineData(0)]
    public void Widths_off_whole_vectors_are_left_to_the_row_buffer(int width) => Assert.False(WinogradPhaseRows512.Supports(width));

    private static void Check(SeededRandom random, int width, int height, int padding, int outHeight, int outWidth, bool mapped)
    {
        // The layout the Winograd kernel uses (its TileGrid): tiles padded to whole registers, a plane's used floats, 16 floats of room.
        int tileRows = (outHeight + 3) / 4, tileColumns = (outWidth + 3) / 4;
        int used = (((tileRows * tileColumns) + 15) / 16 * 16) + tileColumns;
        int stride = ((used + 8 + 15) / 16 * 16) + 16;
        float[] x = Fill(random, height * width);
        var map = new NormalizeOperator(-0.25f, 1.75f, 0.5f, -0.125f);
        float[] actual = Garbage(24 * stride);
        WinogradPhaseRows512.SplitInput(x, height, width, padding, tileRows, tileColumns, actual, stride, used, mapped, map);

        // Plane (r, q) (index 6·r + q), row a, column b = map(x(4a + r − padding, 4b + q − padding)), zero outside the image,
        // for rows a = 0..tileRows (phases 2 and 3: 0..tileRows − 1, the row below is never read and left zero), then zeros up to `used`.
        string shape = $"width {width}, height {height}, padding {padding}, mapped {mapped}";
        for (int r = 0; r < 4; r++)
        {
            for (int q = 0; q < 6; q++)
            {
                int plane = (6 * r) + q, rows = r < 2 ? tileRows + 1 : tileRows;
                for (int i = 0; i < used; i++)
                {
                    int a = i / tileColumns, b = i % tileColumns, y = (4 * a) + r - padding, column = (4 * b) + q - padding;
                    bool inside = a < rows && y >= 0 && y < height && column >= 0 && column < width;
                    float expected = !inside ? 0f : mapped ? map.Invoke<Lanes1, float>(x[(y * width) + column], 0f, 0f) : x[(y * width) + column];
                    float value = actual[(plane * stride) + i];
                    Assert.True(
                        BitConverter.SingleToInt32Bits(value) == BitConverter.SingleToInt32Bits(expected),
                        $"{shape}: plane ({r}, {q}), float {i}: {value}, expected {expected}");
                }
            }
        }
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
