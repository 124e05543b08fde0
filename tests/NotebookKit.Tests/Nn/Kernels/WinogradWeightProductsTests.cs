using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>The weight gradient's transformed-domain products (unpacked dŶ) against the GEMM they replace, bit for bit.</summary>
public sealed class WinogradWeightProductsTests
{
    // Output channels, input channels, tiles: one block and one panel; several panels and 8-row blocks; two tile blocks
    // of 136; three blocks of 187/187/186 (not whole 8×8 transposes); a single tile.
    private static readonly (int K, int C, int Columns)[] Shapes =
    [
        (8, 32, 16),
        (24, 64, 48),
        (64, 32, 272),
        (16, 96, 560),
        (8, 32, 1),
    ];

    [Fact]
    public void Products_equal_the_gemm_bit_for_bit()
    {
        Assert.Equal(SimdDispatch.HasVector512, WinogradWeightProducts.Supports(8, 32));
        if (!SimdDispatch.HasVector512)
        {
            return;
        }

        var random = new SeededRandom(53);
        foreach (var (k, c, columns) in Shapes)
        {
            // Points a cache line apart plus an odd float, as the backward pass lays them out (and unaligned).
            long dyStride = ((long)k * columns) + 17, vStride = ((long)c * columns) + 19;
            float[] dyHat = Fill(random, (int)(Winograd.Points * dyStride)), v = Fill(random, (int)(Winograd.Points * vStride));
            float[] m = Fill(random, Winograd.Points * k * c), expected = (float[])m.Clone();
            WinogradWeightProducts.Accumulate(dyHat, dyStride, v, vStride, k, c, columns, m);
            for (int xi = 0; xi < Winograd.Points; xi++)
            {
                Gemm.Multiply(
                    false, true, k, c, columns, dyHat.AsSpan((int)(xi * dyStride)), columns, v.AsSpan((int)(xi * vStride)), columns,
                    expected.AsSpan(xi * k * c, k * c), c, accumulate: true, threads: 1, SimdPath.Vector512);
            }

            for (int i = 0; i < m.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(m[i]), $"{(k, c, columns)} element {i}: {m[i]} vs the GEMM's {expected[i]}");
            }
        }
    }

    [Fact]
    public void Requesting_upcoming_lines_leaves_the_products_unchanged()
    {
        if (!SimdDispatch.HasVector512)
        {
            return;
        }

        var random = new SeededRandom(59);
        float[] upcoming = Fill(random, 70_000);
        foreach (var (k, c, columns) in Shapes)
        {
            long dyStride = ((long)k * columns) + 17, vStride = ((long)c * columns) + 19;
            float[] dyHat = Fill(random, (int)(Winograd.Points * dyStride)), v = Fill(random, (int)(Winograd.Points * vStride));
            float[] start = Fill(random, Winograd.Points * k * c), expected = (float[])start.Clone();
            WinogradWeightProducts.Accumulate(dyHat, dyStride, v, vStride, k, c, columns, expected);

            // No range, fewer lines than microkernels, and many lines per microkernel.
            foreach (int floats in new[] { 0, 5, upcoming.Length })
            {
                float[] m = (float[])start.Clone();
                WinogradWeightProducts.Accumulate(dyHat, dyStride, v, vStride, k, c, columns, m, upcoming.AsSpan(0, floats));

                for (int i = 0; i < m.Length; i++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(m[i]), $"{(k, c, columns)}, {floats} floats requested, element {i}: {m[i]} vs {expected[i]}");
                }
            }
        }
    }

    [Theory]
    [InlineData(4, 32)]
    [InlineData(8, 16)]
    [InlineData(12, 64)]
    [InlineData(64, 48)]
    public void Sizes_off_the_tile_are_left_to_the_gemm(int outChannels, int inChannels) =>
        Assert.False(WinogradWeightProducts.Supports(outChannels, inChannels));

    private static float[] Fill(SeededRandom random, int length)
    {
        float[] v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = (float)((2 * random.NextDouble()) - 1);
        }

        return v;
    }
}
