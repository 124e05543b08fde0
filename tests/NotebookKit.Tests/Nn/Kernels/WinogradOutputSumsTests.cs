using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>
/// <see cref="Winograd.ForwardAndSum"/>: the same output as <see cref="Winograd.Forward"/>, bit for bit, and per image and
/// channel Σy and Σy² of that output, equal to sums in double over the written output to float32 rounding, and the same
/// whichever way the images are split between calls (threads).
/// </summary>
public sealed class WinogradOutputSumsTests
{
    // Images, channels in, channels out, height, width, padding. Every output is whole rows of 4×4 tiles (width a
    // multiple of 16, height of 4): one and several registers of tiles per image, a ragged last register (20 tiles:
    // one group of four in the second), images starting mid-panel (16 tiles: two images per 32-column panel), out
    // channels not a multiple of the microkernel's 8 rows, padding 0, 1 and 2.
    private static readonly (int N, int C, int K, int H, int W, int P)[] Shapes =
    [
        (3, 8, 8, 16, 16, 1),
        (2, 16, 16, 32, 32, 1),
        (3, 5, 11, 20, 16, 1),
        (2, 9, 13, 12, 48, 1),
        (5, 8, 16, 18, 18, 0),
        (2, 4, 8, 14, 30, 2),
        (1, 3, 5, 4, 16, 1),
    ];

    [Fact]
    public void Output_is_the_forward_pass_bit_for_bit_and_the_sums_are_its_sums()
    {
        if (!SimdDispatch.Supported.Contains(SimdPath.Vector512))
        {
            return; // Nothing to compare: the sums are only computed on the AVX-512 path (CanSumOutput, tested below).
        }

        var random = new SeededRandom(41);
        foreach (var (n, c, k, h, w, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, p);
            Assert.True(Winograd.CanSumOutput(SimdPath.Vector512, g));
            int outPlane = g.OutputHeight * g.OutputWidth;
            float[] x = Fill(random, n * c * h * w), weight = Fill(random, k * c * 9), bias = Fill(random, k);
            float[] mean = Fill(random, c), inverse = Fill(random, c), gamma = Fill(random, c), beta = Fill(random, c);
            var filter = new WinogradFilter();
            filter.Prepare(weight, k, c, flipTransposed: false, SimdPath.Vector512);
            foreach (bool relu in new[] { false, true })
            {
                foreach (bool mapped in new[] { false, true })
                {
                    ChannelAffine map = mapped ? new ChannelAffine(mean, inverse, gamma, beta) : default;
                    string label = $"{(n, c, k, h, w, p)} relu={relu} mapped={mapped}";
                    float[] expected = new float[n * k * outPlane], y = Fill(random, n * k * outPlane);
                    Winograd.Forward(filter, x, n, g, expected, relu ? bias : [], relu, map);
                    double[] sums = new double[2 * n * k];
                    Winograd.ForwardAndSum(filter, x, n, g, y, relu ? bias : [], relu, map, sums);
                    Assert.True(expected.AsSpan().SequenceEqual(y), label);
                    for (int plane = 0; plane < n * k; plane++)
                    {
                        double sum = 0, squares = 0, absolute = 0;
                        foreach (float v in y.AsSpan(plane * outPlane, outPlane))
                        {
                            sum += v;
                            squares += (double)v * v;
                            absolute += Math.Abs(v);
                        }

                        // Float sums of at most a few hundred terms per lane: relative rounding well below 1e-5.
                        Assert.True(Math.Abs(sums[2 * plane] - sum) <= 1e-5 * (absolute + 1e-6), $"{label} plane {plane}: Σy {sums[2 * plane]} vs {sum}");
                        Assert.True(Math.Abs(sums[(2 * plane) + 1] - squares) <= 1e-5 * (squares + 1e-6), $"{label} plane {plane}: Σy² {sums[(2 * plane) + 1]} vs {squares}");
                    }

                    // One call per image (another split of the batch between threads): the same sums, bit for bit.
                    double[] single = new double[2 * k];
                    int image = c * h * w;
                    for (int i = 0; i < n; i++)
                    {
                        Winograd.ForwardAndSum(filter, x.AsSpan(i * image, image), 1, g, y.AsSpan(i * k * outPlane, k * outPlane), relu ? bias : [], relu, map, single);
                        Assert.True(single.AsSpan().SequenceEqual(sums.AsSpan(2 * i * k, 2 * k)), $"{label} image {i} alone");
                    }
                }
            }
        }
    }

    [Fact]
    public void Only_whole_tile_rows_on_the_avx512_path_are_summed()
    {
        Assert.True(Winograd.CanSumOutput(SimdPath.Vector512, new ConvGeometry(8, 16, 16, 3, 3, 1, 1)));
        Assert.False(Winograd.CanSumOutput(SimdPath.Vector512, new ConvGeometry(8, 8, 8, 3, 3, 1, 1)));
        Assert.False(Winograd.CanSumOutput(SimdPath.Vector512, new ConvGeometry(8, 16, 18, 3, 3, 1, 1)));
        Assert.False(Winograd.CanSumOutput(SimdPath.Vector512, new ConvGeometry(8, 18, 16, 3, 3, 1, 1)));
        Assert.False(Winograd.CanSumOutput(SimdPath.Vector512, new ConvGeometry(8, 16, 16, 5, 5, 1, 2)));
        Assert.False(Winograd.CanSumOutput(SimdPath.Vector256, new ConvGeometry(8, 16, 16, 3, 3, 1, 1)));
        Assert.False(Winograd.CanSumOutput(SimdPath.Scalar, new ConvGeometry(8, 16, 16, 3, 3, 1, 1)));
        var filter = new WinogradFilter();
        filter.Prepare(new float[8 * 8 * 9], 8, 8, flipTransposed: false, SimdPath.Vector256);
        var error = Assert.Throws<ArgumentException>(() => Winograd.ForwardAndSum(
            filter, new float[8 * 16 * 16], 1, new ConvGeometry(8, 16, 16, 3, 3, 1, 1), new float[8 * 16 * 16], [], false, default, new double[16]));
        Assert.Contains("cannot be summed", error.Message, StringComparison.Ordinal);
    }

    private static float[] Fill(SeededRandom random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((2 * random.NextDouble()) - 1);
        }

        return values;
    }
}
