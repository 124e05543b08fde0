using NotebookKit.Nn;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>Winograd F(4×4, 3×3) against the direct convolution (its reference twin) and against its plain-loop twin.</summary>
public sealed class WinogradTests
{
    // Images, channels in, channels out, height, width, padding: sizes below, at and past one 4×4 tile, ragged last
    // tiles, tile counts that are not whole registers (so images start mid-panel), every padding the kernel takes.
    private static readonly (int N, int C, int K, int H, int W, int P)[] Shapes =
    [
        (1, 1, 1, 3, 3, 0),
        (1, 1, 1, 1, 1, 1),
        (2, 3, 2, 5, 5, 1),
        (1, 2, 3, 2, 7, 2),
        (3, 5, 7, 6, 9, 1),
        (2, 8, 9, 8, 8, 1),
        (1, 17, 6, 11, 13, 0),
        (2, 4, 33, 7, 3, 2),
        (2, 16, 16, 16, 16, 1),
        (1, 32, 32, 32, 32, 1),
        (5, 3, 4, 14, 14, 1),
        (1, 9, 65, 10, 18, 1),

        // Outputs of whole 16-float rows (the Vector512 output transform writes them four tiles per store): 3 or 2
        // groups of four tiles per register, out channels not a multiple of the microkernel's 8 rows, padding 0 and 2.
        (3, 5, 11, 12, 16, 1),
        (2, 3, 5, 4, 32, 1),
        (2, 6, 9, 18, 18, 0),
        (1, 4, 8, 14, 30, 2),
    ];

    public static IEnumerable<object[]> Paths() => GemmTests.FastPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Forward_matches_the_direct_convolution(SimdPath path)
    {
        var random = new SeededRandom(31);
        foreach (var (n, c, k, h, w, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, p);
            float[] x = Fill(random, n * c * h * w), weight = Fill(random, k * c * 9), bias = Fill(random, k);
            foreach (bool relu in new[] { false, true })
            {
                var filter = new WinogradFilter();
                filter.Prepare(weight, k, c, flipTransposed: false, path);
                float[] y = Fill(random, n * k * g.OutputHeight * g.OutputWidth);
                Winograd.Forward(filter, x, n, g, y, relu ? bias : [], relu);
                double[] expected = Direct(x, n, g, weight, k, relu ? bias : null, relu);
                CloseToDirect(expected, y, c * 9, $"{path} forward {(n, c, k, h, w, p)} relu={relu}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Input_gradient_through_the_flipped_filter_matches_the_direct_one(SimdPath path)
    {
        var random = new SeededRandom(37);
        foreach (var (n, c, k, h, w, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, p);
            int oh = g.OutputHeight, ow = g.OutputWidth;
            float[] dy = Fill(random, n * k * oh * ow), weight = Fill(random, k * c * 9);
            var filter = new WinogradFilter();
            filter.Prepare(weight, k, c, flipTransposed: true, path);
            var back = new ConvGeometry(k, oh, ow, 3, 3, 1, 2 - p);
            float[] dx = new float[n * c * h * w];
            Winograd.Forward(filter, dy, n, back, dx, [], relu: false);

            // dx[ci][r][s] = Σ_{o,a,b} W[o][ci][a][b]·dy[o][r + p − a][s + p − b].
            double[] expected = new double[dx.Length];
            for (int img = 0; img < n; img++)
            {
                for (int ci = 0; ci < c; ci++)
                {
                    for (int r = 0; r < h; r++)
                    {
                        for (int s = 0; s < w; s++)
                        {
                            double sum = 0;
                            for (int o = 0; o < k; o++)
                            {
                                for (int a = 0; a < 3; a++)
                                {
                                    for (int b = 0; b < 3; b++)
                                    {
                                        int yr = r + p - a, yc = s + p - b;
                                        if (yr >= 0 && yr < oh && yc >= 0 && yc < ow)
                                        {
                                            sum += (double)weight[(((o * c) + ci) * 9) + (3 * a) + b] * dy[(((img * k) + o) * oh * ow) + (yr * ow) + yc];
                                        }
                                    }
                                }
                            }

                            expected[(((img * c) + ci) * h * w) + (r * w) + s] = sum;
                        }
                    }
                }
            }

            CloseToDirect(expected, dx, k * 9, $"{path} input gradient {(n, c, k, h, w, p)}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Weight_gradient_matches_the_direct_one(SimdPath path)
    {
        var random = new SeededRandom(41);
        foreach (var (n, c, k, h, w, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, p);
            int oh = g.OutputHeight, ow = g.OutputWidth;
            float[] x = Fill(random, n * c * h * w), dy = Fill(random, n * k * oh * ow);
            float[] transformed = new float[36 * k * c];
            // Two calls over the batch split unevenly: accumulation across calls is part of the contract.
            int first = n / 2;
            Winograd.AccumulateWeightGradient(dy.AsSpan(0, first * k * oh * ow), x.AsSpan(0, first * c * h * w), first, g, k, transformed, path);
            Winograd.AccumulateWeightGradient(dy.AsSpan(first * k * oh * ow), x.AsSpan(first * c * h * w), n - first, g, k, transformed, path);
            float[] dw = Fill(random, k * c * 9), start = (float[])dw.Clone();
            Winograd.FinishWeightGradient(transformed, k, c, dw);

            double[] expected = new double[dw.Length];
            for (int o = 0; o < k; o++)
            {
                for (int ci = 0; ci < c; ci++)
                {
                    for (int a = 0; a < 3; a++)
                    {
                        for (int b = 0; b < 3; b++)
                        {
                            double sum = 0;
                            for (int img = 0; img < n; img++)
                            {
                                for (int r = 0; r < oh; r++)
                                {
                                    for (int s = 0; s < ow; s++)
                                    {
                                        int xr = r + a - p, xc = s + b - p;
                                        if (xr >= 0 && xr < h && xc >= 0 && xc < w)
                                        {
                                            sum += (double)dy[(((img * k) + o) * oh * ow) + (r * ow) + s] * x[(((img * c) + ci) * h * w) + (xr * w) + xc];
                                        }
                                    }
                                }
                            }

                            int idx = (((o * c) + ci) * 9) + (3 * a) + b;
                            expected[idx] = start[idx] + sum;
                        }
                    }
                }
            }

            CloseToDirect(expected, dw, n * oh * ow, $"{path} weight gradient {(n, c, k, h, w, p)}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_path_matches_the_plain_loop_twin(SimdPath path)
    {
        var random = new SeededRandom(43);
        foreach (var (n, c, k, h, w, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, p);
            int outLength = n * k * g.OutputHeight * g.OutputWidth;
            float[] x = Fill(random, n * c * h * w), weight = Fill(random, k * c * 9), bias = Fill(random, k), dy = Fill(random, outLength);
            var fast = new WinogradFilter();
            var twin = new WinogradFilter();
            fast.Prepare(weight, k, c, false, path);
            twin.Prepare(weight, k, c, false, SimdPath.Scalar);
            Assert.Equal(twin.Natural, fast.Natural);
            float[] y = new float[outLength], yTwin = new float[outLength];
            Winograd.Forward(fast, x, n, g, y, bias, relu: true);
            Winograd.Forward(twin, x, n, g, yTwin, bias, relu: true);
            NnFixtures.Close(yTwin, y, $"{path} forward twin {(n, c, k, h, w, p)}", atol: 2e-5 * Math.Sqrt(c), rtol: 1e-4);

            float[] m = new float[36 * k * c], mTwin = new float[36 * k * c];
            Winograd.AccumulateWeightGradient(dy, x, n, g, k, m, path);
            Winograd.AccumulateWeightGradient(dy, x, n, g, k, mTwin, SimdPath.Scalar);
            double scale = mTwin.Max(v => Math.Abs((double)v));
            NnFixtures.Close(mTwin, m, $"{path} weight-gradient twin {(n, c, k, h, w, p)}", atol: 1e-5 * scale, rtol: 1e-4);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Fused_backward_matches_the_weight_gradient_and_the_flipped_forward_run_apart(SimdPath path)
    {
        var random = new SeededRandom(47);
        foreach (var (n, c, k, h, w, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, p);
            int oh = g.OutputHeight, ow = g.OutputWidth;
            float[] x = Fill(random, n * c * h * w), dy = Fill(random, n * k * oh * ow), weight = Fill(random, k * c * 9);
            var flipped = new WinogradFilter();
            flipped.Prepare(weight, k, c, flipTransposed: true, path);
            float[] m = new float[36 * k * c], mApart = new float[36 * k * c];
            float[] dx = Fill(random, n * c * h * w), dxApart = new float[dx.Length];
            Winograd.Backward(flipped, dy, x, n, g, k, m, dx, path);
            Winograd.AccumulateWeightGradient(dy, x, n, g, k, mApart, path);
            Winograd.Forward(flipped, dy, n, new ConvGeometry(k, oh, ow, 3, 3, 1, 2 - p), dxApart, [], relu: false);
            double scale = mApart.Max(v => Math.Abs((double)v));
            // The same transforms of the same values; only the blocking of the sums over tiles may differ.
            NnFixtures.Close(mApart, m, $"{path} fused weight gradient {(n, c, k, h, w, p)}", atol: 1e-6 * scale, rtol: 1e-5);
            Assert.True(dxApart.AsSpan().SequenceEqual(dx), $"{path} fused input gradient {(n, c, k, h, w, p)} differs");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Input_gradient_written_over_the_output_gradient_has_the_same_bits(SimdPath path)
    {
        if (path == SimdPath.Scalar)
        {
            // The plain-loop twin writes each image's dx while it reads its dy: the layers keep a buffer of their own.
            Assert.False(Winograd.CanWriteInputGradientOverOutputGradient(new ConvGeometry(8, 8, 8, 3, 3, 1, 1), 8, path));
            return;
        }

        var random = new SeededRandom(61);
        // As many input as output channels, padding 1: one and several blocks of images (32×32 planes take one image a
        // block, 16×16 ones two or more), ragged tiles, channels off the microkernel's 8 rows and 32 columns, a deferred map.
        foreach (var (n, c, h, w) in new[] { (2, 8, 8, 8), (3, 9, 13, 11), (5, 32, 16, 16), (2, 32, 32, 32), (3, 64, 16, 16), (4, 12, 5, 7) })
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, 1);
            Assert.True(Winograd.CanWriteInputGradientOverOutputGradient(g, c, path));
            float[] x = Fill(random, n * c * h * w), dy = Fill(random, n * c * h * w), weight = Fill(random, c * c * 9);
            float[] mean = Fill(random, c), inverseStd = Fill(random, c), gamma = Fill(random, c), beta = Fill(random, c);
            var map = new ChannelAffine(mean, inverseStd, gamma, beta);
            var flipped = new WinogradFilter();
            flipped.Prepare(weight, c, c, flipTransposed: true, path);
            float[] m = new float[36 * c * c], mOver = new float[36 * c * c], db = new float[c], dbOver = new float[c];
            float[] dx = new float[dy.Length], over = (float[])dy.Clone();
            Winograd.Backward(flipped, dy, x, n, g, c, m, dx, path, map, db);
            Winograd.Backward(flipped, over, x, n, g, c, mOver, over, path, map, dbOver);
            Assert.True(dx.AsSpan().SequenceEqual(over), $"{path} input gradient over dy {(n, c, h, w)} differs");
            Assert.True(m.AsSpan().SequenceEqual(mOver), $"{path} weight gradient with dx over dy {(n, c, h, w)} differs");
            Assert.True(db.AsSpan().SequenceEqual(dbOver), $"{path} bias gradient with dx over dy {(n, c, h, w)} differs");
        }
    }

    [Fact]
    public void Input_gradient_may_overlap_the_output_gradient_only_as_the_same_memory_where_the_kernel_allows_it()
    {
        var random = new SeededRandom(67);
        var flipped = new WinogradFilter();
        float[] weight = Fill(random, 8 * 8 * 9);
        flipped.Prepare(weight, 8, 8, flipTransposed: true, SimdPath.Auto);
        var same = new ConvGeometry(8, 8, 8, 3, 3, 1, 1);
        float[] x = Fill(random, 2 * 8 * 64), buffer = Fill(random, (2 * 8 * 64) + 16), m = new float[36 * 64];
        // Shifted by one float: not the same memory.
        var e = Assert.Throws<ArgumentException>(() => Winograd.Backward(flipped, buffer.AsSpan(0, 2 * 8 * 64), x, 2, same, 8, m, buffer.AsSpan(1, 2 * 8 * 64), SimdPath.Auto));
        Assert.Contains("same memory", e.Message, StringComparison.Ordinal);
        // The plain-loop path does not split each block before writing it.
        Assert.False(Winograd.CanWriteInputGradientOverOutputGradient(same, 8, SimdPath.Scalar));
        Assert.Throws<ArgumentException>(() => Winograd.Backward(flipped, buffer.AsSpan(0, 2 * 8 * 64), x, 2, same, 8, m, buffer.AsSpan(0, 2 * 8 * 64), SimdPath.Scalar));
        // Padding 0 or 2, or other channel counts: dx and dy differ in shape.
        Assert.False(Winograd.CanWriteInputGradientOverOutputGradient(new ConvGeometry(8, 8, 8, 3, 3, 1, 0), 8, SimdPath.Auto));
        Assert.False(Winograd.CanWriteInputGradientOverOutputGradient(same, 16, SimdPath.Auto));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Bias_gradient_is_added_as_the_sum_of_the_output_gradient(SimdPath path)
    {
        var random = new SeededRandom(53);
        foreach (var (n, c, k, h, w, p) in Shapes)
        {
            var g = new ConvGeometry(c, h, w, 3, 3, 1, p);
            int oh = g.OutputHeight, ow = g.OutputWidth;
            float[] x = Fill(random, n * c * h * w), dy = Fill(random, n * k * oh * ow), weight = Fill(random, k * c * 9), start = Fill(random, k);
            double[] expected = new double[k];
            for (int o = 0; o < k; o++)
            {
                expected[o] = start[o];
                for (int img = 0; img < n; img++)
                {
                    for (int e = 0; e < oh * ow; e++)
                    {
                        expected[o] += dy[((img * k) + o) * oh * ow + e];
                    }
                }
            }

            var flipped = new WinogradFilter();
            flipped.Prepare(weight, k, c, flipTransposed: true, path);
            float[] fused = (float[])start.Clone(), apart = (float[])start.Clone();
            Winograd.Backward(flipped, dy, x, n, g, k, new float[36 * k * c], new float[n * c * h * w], path, biasGradient: fused);
            Winograd.AccumulateWeightGradient(dy, x, n, g, k, new float[36 * k * c], path, biasGradient: apart);
            // n·oh·ow terms of about ±1 each, summed in float32 in another order.
            double atol = 1e-6 * n * oh * ow + 1e-6;
            NnFixtures.Close(expected.Select(v => (float)v).ToArray(), fused, $"{path} fused bias gradient {(n, c, k, h, w, p)}", atol, rtol: 1e-5);
            NnFixtures.Close(expected.Select(v => (float)v).ToArray(), apart, $"{path} bias gradient {(n, c, k, h, w, p)}", atol, rtol: 1e-5);
        }
    }

    // Blocks of images: 7 images of 32 channels at 16×16 make blocks of 4 and 3 on AVX-512 (rounded down from 5 to
    // whole 32-tile panels), 3 images at 32×32 one image per block. An image's output must not depend on the block it
    // shares or where in it it lies.
    [Theory]
    [MemberData(nameof(Paths))]
    public void Each_image_gets_the_bits_of_a_call_on_it_alone(SimdPath path)
    {
        var random = new SeededRandom(59);
        foreach (var (n, c, k, h, p) in new[] { (7, 32, 16, 16, 1), (3, 32, 9, 32, 1), (5, 24, 8, 16, 0) })
        {
            var g = new ConvGeometry(c, h, h, 3, 3, 1, p);
            int outImage = k * g.OutputHeight * g.OutputWidth, inImage = c * h * h;
            float[] x = Fill(random, n * inImage), weight = Fill(random, k * c * 9), bias = Fill(random, k);
            var filter = new WinogradFilter();
            filter.Prepare(weight, k, c, flipTransposed: false, path);
            float[] y = new float[n * outImage], alone = new float[outImage];
            Winograd.Forward(filter, x, n, g, y, bias, relu: true);
            for (int i = 0; i < n; i++)
            {
                Winograd.Forward(filter, x.AsSpan(i * inImage, inImage), 1, g, alone, bias, relu: true);
                Assert.True(alone.AsSpan().SequenceEqual(y.AsSpan(i * outImage, outImage)), $"{path} {(n, c, k, h, p)}: image {i} differs from its own call");
            }
        }
    }

    [Fact]
    public void Supports_only_3x3_stride_1_with_padding_up_to_2()
    {
        Assert.True(Winograd.Supports(new ConvGeometry(4, 8, 8, 3, 3, 1, 1)));
        Assert.True(Winograd.Supports(new ConvGeometry(4, 3, 3, 3, 3, 1, 0)));
        Assert.False(Winograd.Supports(new ConvGeometry(4, 8, 8, 3, 3, 2, 1)));
        Assert.False(Winograd.Supports(new ConvGeometry(4, 8, 8, 5, 5, 1, 2)));
        Assert.False(Winograd.Supports(new ConvGeometry(4, 8, 8, 3, 3, 1, 3)));
        var filter = new WinogradFilter();
        filter.Prepare(new float[36], 2, 2, false, SimdPath.Auto);
        var e = Assert.Throws<ArgumentException>(() => Winograd.Forward(filter, new float[2 * 64], 1, new ConvGeometry(2, 8, 8, 3, 3, 2, 1), new float[2 * 16], [], false));
        Assert.Contains("3x3 stride-1", e.Message, StringComparison.Ordinal);
    }

    // The direct convolution in double: y[o][r][s] = bias[o] + Σ_{ci,a,b} W[o][ci][a][b]·x[ci][r + a − p][s + b − p].
    private static double[] Direct(float[] x, int n, ConvGeometry g, float[] weight, int k, float[]? bias, bool relu)
    {
        int c = g.Channels, h = g.Height, w = g.Width, p = g.Padding, oh = g.OutputHeight, ow = g.OutputWidth;
        double[] y = new double[n * k * oh * ow];
        for (int img = 0; img < n; img++)
        {
            for (int o = 0; o < k; o++)
            {
                for (int r = 0; r < oh; r++)
                {
                    for (int s = 0; s < ow; s++)
                    {
                        double sum = bias is null ? 0 : bias[o];
                        for (int ci = 0; ci < c; ci++)
                        {
                            for (int a = 0; a < 3; a++)
                            {
                                for (int b = 0; b < 3; b++)
                                {
                                    int xr = r + a - p, xc = s + b - p;
                                    if (xr >= 0 && xr < h && xc >= 0 && xc < w)
                                    {
                                        sum += (double)weight[(((o * c) + ci) * 9) + (3 * a) + b] * x[(((img * c) + ci) * h * w) + (xr * w) + xc];
                                    }
                                }
                            }
                        }

                        y[(((img * k) + o) * oh * ow) + (r * ow) + s] = relu && sum <= 0 ? 0 : sum;
                    }
                }
            }
        }

        return y;
    }

    // Winograd's float32 error grows with the terms summed (values here are U(−1, 1)): |Δ| ≤ 2e-6·terms + 1e-4·|y|,
    // about ten times the direct convolution's own rounding.
    private static void CloseToDirect(double[] expected, float[] actual, int terms, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            worst = Math.Max(worst, err / (2e-6 * terms + (1e-4 * Math.Abs(expected[i]))));
            Assert.True(err <= (2e-6 * terms) + (1e-4 * Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]}, direct {expected[i]}");
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
}
