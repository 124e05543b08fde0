using NotebookKit.Nn;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>The few-channel convolution (<see cref="FewChannelConv"/>) against the implicit-im2col GEMM it replaces.</summary>
public sealed class FewChannelConvTests
{
    // Channels, height, width, kernel, padding (stride 1): RGB and grey first layers, output widths below, at and past
    // one and two vectors (ragged last chunks), one-pixel outputs, every patch size up to 32 (1×1 over 32 channels,
    // 4×4 over 2), windows that leave the image by up to two pixels.
    private static readonly (int C, int H, int W, int K, int P)[] Shapes =
    [
        (3, 32, 32, 3, 1),
        (1, 28, 28, 5, 0),
        (3, 7, 19, 3, 2),
        (2, 9, 33, 3, 0),
        (1, 1, 1, 1, 0),
        (1, 3, 3, 3, 0),
        (3, 5, 16, 3, 1),
        (3, 6, 17, 3, 1),
        (2, 4, 47, 4, 2),
        (32, 3, 65, 1, 0),
        (1, 11, 2, 5, 2),
    ];

    public static IEnumerable<object[]> Paths() => GemmTests.FastPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Gives_the_same_bits_as_the_unfolded_gemm_with_bias_and_relu(SimdPath path)
    {
        var random = new SeededRandom(61);
        if (path == SimdPath.Scalar)
        {
            // The scalar twin is the GEMM's reference loop: Conv2d keeps that path, and this kernel refuses it.
            var scalar = Assert.Throws<ArgumentException>(() => FewChannelConv.Forward(new float[27], 1, new float[1], new float[27], new ConvGeometry(3, 3, 3, 3, 3, 1, 0), new float[1], false, SimdPath.Scalar));
            Assert.Contains("Vector512 and Vector256", scalar.Message, StringComparison.Ordinal);
            return;
        }

        foreach (var (c, h, w, k, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, k, k, 1, p);
            Assert.True(FewChannelConv.Supports(g));
            int spatial = g.OutputHeight * g.OutputWidth, patch = g.PatchSize;
            foreach (int outChannels in new[] { 1, 4, 6, 7, 32 })
            {
                float[] image = Fill(random, c * h * w), weight = Fill(random, outChannels * patch), bias = Fill(random, outChannels);
                foreach (bool relu in new[] { false, true })
                {
                    float[] expected = new float[outChannels * spatial];
                    for (int o = 0; o < outChannels; o++)
                    {
                        expected.AsSpan(o * spatial, spatial).Fill(bias[o]);
                    }

                    Gemm.MultiplyUnfolded(outChannels, weight, patch, image, g, expected, spatial, accumulate: true, path: path);
                    if (relu)
                    {
                        Elementwise.Relu(expected, path);
                    }

                    // Stale values in the output must be overwritten, not accumulated onto.
                    float[] actual = Fill(random, outChannels * spatial);
                    FewChannelConv.Forward(weight, outChannels, bias, image, g, actual, relu, path);
                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.True(
                            BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                            $"{path} {(c, h, w, k, p)} out={outChannels} relu={relu}: element {i} is {actual[i]}, the GEMM gives {expected[i]}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Forward_and_sum_writes_the_same_bits_and_the_sums_of_each_output_plane(SimdPath path)
    {
        if (path == SimdPath.Scalar)
        {
            return;
        }

        var random = new SeededRandom(63);
        foreach (var (c, h, w, k, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, k, k, 1, p);
            int spatial = g.OutputHeight * g.OutputWidth, patch = g.PatchSize;
            foreach (int outChannels in new[] { 1, 6, 32 })
            {
                float[] image = Fill(random, c * h * w), weight = Fill(random, outChannels * patch), bias = Fill(random, outChannels);
                foreach (bool relu in new[] { false, true })
                {
                    float[] expected = new float[outChannels * spatial], actual = Fill(random, outChannels * spatial);
                    double[] sums = new double[2 * outChannels], again = new double[2 * outChannels];
                    FewChannelConv.Forward(weight, outChannels, bias, image, g, expected, relu, path);
                    FewChannelConv.ForwardAndSum(weight, outChannels, bias, image, g, actual, relu, sums, path);
                    Assert.Equal(expected, actual);
                    for (int o = 0; o < outChannels; o++)
                    {
                        // Float lane sums of at most a plane's values, widened: float32 rounding of sums that size.
                        double sum = 0, squares = 0, magnitude = 0;
                        foreach (float v in expected.AsSpan(o * spatial, spatial))
                        {
                            sum += v;
                            squares += (double)v * v;
                            magnitude += Math.Abs(v);
                        }

                        string what = $"{path} {(c, h, w, k, p)} out={outChannels} relu={relu} channel {o}";
                        Assert.True(Math.Abs(sums[2 * o] - sum) <= 1e-6 * (1 + magnitude), $"{what}: Σy {sums[2 * o]} vs {sum}");
                        Assert.True(Math.Abs(sums[(2 * o) + 1] - squares) <= 1e-6 * (1 + squares), $"{what}: Σy² {sums[(2 * o) + 1]} vs {squares}");
                    }

                    // Stale sums are overwritten, and the same image gives the same sums again.
                    Array.Fill(again, double.NaN);
                    FewChannelConv.ForwardAndSum(weight, outChannels, bias, image, g, actual, relu, again, path);
                    Assert.Equal(sums, again);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Weight_gradient_matches_the_unfolded_gemm_and_adds_to_what_is_there(SimdPath path)
    {
        var random = new SeededRandom(67);
        if (path == SimdPath.Scalar)
        {
            var scalar = Assert.Throws<ArgumentException>(() => FewChannelConv.AccumulateWeightGradient(new float[1], 1, new float[27], 1, new ConvGeometry(3, 3, 3, 3, 3, 1, 0), new float[27], SimdPath.Scalar));
            Assert.Contains("Vector512 and Vector256", scalar.Message, StringComparison.Ordinal);
            return;
        }

        foreach (var (c, h, w, k, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, k, k, 1, p);
            int spatial = g.OutputHeight * g.OutputWidth, patch = g.PatchSize, imageLength = c * h * w;
            foreach (int outChannels in new[] { 1, 4, 6, 7, 32 })
            {
                foreach (int images in new[] { 1, 3 })
                {
                    float[] x = Fill(random, images * imageLength), dy = Fill(random, images * outChannels * spatial), start = Fill(random, outChannels * patch);
                    float[] expected = (float[])start.Clone();
                    for (int n = 0; n < images; n++)
                    {
                        Gemm.MultiplyUnfoldedTransposed(
                            outChannels, dy.AsSpan(n * outChannels * spatial, outChannels * spatial), spatial, x.AsSpan(n * imageLength, imageLength), g, expected, patch,
                            accumulate: true, path: path);
                    }

                    float[] actual = (float[])start.Clone(), again = (float[])start.Clone();
                    float[] biasStart = Fill(random, outChannels), expectedBias = (float[])biasStart.Clone(), bias = (float[])biasStart.Clone();
                    for (int n = 0; n < images; n++)
                    {
                        for (int o = 0; o < outChannels; o++)
                        {
                            expectedBias[o] += Elementwise.Sum(dy.AsSpan(((n * outChannels) + o) * spatial, spatial), path);
                        }
                    }

                    FewChannelConv.AccumulateWeightGradient(dy, outChannels, x, images, g, actual, path, bias);
                    FewChannelConv.AccumulateWeightGradient(dy, outChannels, x, images, g, again, path);
                    // The bias gradient is the per-image plane sums added in image order: the same bits as that loop.
                    Assert.Equal(expectedBias, bias);
                    // Sums of images·OH·OW products of values in [-1, 1]: float32 rounding of sums that size.
                    NnFixtures.Close(expected, actual, $"{path} {(c, h, w, k, p)} out={outChannels} images={images}", atol: 1e-6 * Math.Sqrt(images * spatial), rtol: 1e-5);
                    Assert.Equal(actual, again);
                }
            }
        }
    }

    [Fact]
    public void Takes_only_stride_1_square_kernels_with_small_patches()
    {
        Assert.False(FewChannelConv.Supports(new ConvGeometry(3, 8, 8, 3, 3, 2, 1)));
        Assert.False(FewChannelConv.Supports(new ConvGeometry(4, 8, 8, 3, 3, 1, 1)));
        Assert.False(FewChannelConv.Supports(new ConvGeometry(1, 8, 8, 3, 5, 1, 1)));
        Assert.True(FewChannelConv.Supports(new ConvGeometry(2, 8, 8, 4, 4, 1, 0)));
        var e = Assert.Throws<ArgumentException>(() => FewChannelConv.Forward(new float[9 * 8 * 4], 8, new float[8], new float[4 * 64], new ConvGeometry(4, 8, 8, 3, 3, 1, 1), new float[8 * 64], false));
        Assert.Contains("patch of at most 32", e.Message, StringComparison.Ordinal);
    }

    private static float[] Fill(SeededRandom random, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (2 * random.NextSingle()) - 1;
        }

        return x;
    }
}
