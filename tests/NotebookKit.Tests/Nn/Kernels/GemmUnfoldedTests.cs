using NotebookKit.Nn;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>Implicit im2col (<see cref="Gemm.MultiplyUnfolded"/>) against the materialised column matrix.</summary>
public sealed class GemmUnfoldedTests
{
    // Channels, height, width, kernel, stride, padding: widths below, at and above the 16/32-column panels, ragged
    // panels that span several output rows, windows that leave the image, strides 1-3.
    private static readonly ConvGeometry[] Geometries =
    [
        new(1, 1, 1, 1, 1, 1, 0),
        new(3, 8, 8, 3, 3, 1, 1),
        new(2, 5, 7, 3, 3, 1, 2),
        new(3, 32, 32, 3, 3, 1, 1),
        new(4, 16, 16, 3, 3, 1, 1),
        new(2, 33, 17, 3, 3, 1, 0),
        new(5, 9, 11, 5, 5, 1, 2),
        new(3, 13, 10, 3, 3, 2, 1),
        new(2, 12, 12, 4, 4, 3, 2),
        new(1, 6, 40, 1, 1, 2, 0),
        new(2, 4, 4, 3, 3, 1, 2),
    ];

    public static IEnumerable<object[]> FastPaths() => GemmTests.FastPaths();

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Implicit_im2col_gives_the_same_bits_as_unfold_then_multiply(SimdPath path)
    {
        var random = new SeededRandom(21);
        foreach (ConvGeometry g in Geometries)
        {
            foreach (int m in new[] { 1, 5, 8, 33 })
            {
                int n = g.OutputHeight * g.OutputWidth, k = g.PatchSize;
                float[] image = Fill(random, g.Channels * g.Height * g.Width);
                float[] a = Fill(random, m * k);
                float[] columns = new float[k * n];
                Im2Col.Unfold(image, g, columns);
                bool accumulate = (m & 1) == 1;
                float[] expected = Fill(random, m * n), got = (float[])expected.Clone();
                Gemm.Multiply(false, false, m, n, k, a, k, columns, n, expected, n, accumulate, threads: 1, path);
                Gemm.MultiplyUnfolded(m, a, k, image, g, got, n, accumulate, threads: 1 + (m % 3), path);
                Assert.True(expected.AsSpan().SequenceEqual(got), $"{path} {g} m={m}: implicit im2col differs from unfold + multiply");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Implicit_transposed_im2col_gives_the_same_bits_as_unfold_then_multiply(SimdPath path)
    {
        var random = new SeededRandom(23);
        foreach (ConvGeometry g in Geometries)
        {
            foreach (int m in new[] { 1, 5, 8, 33 })
            {
                int k = g.OutputHeight * g.OutputWidth, n = g.PatchSize, ldc = n + (m % 2);
                float[] image = Fill(random, g.Channels * g.Height * g.Width);
                float[] a = Fill(random, m * k);
                float[] columns = new float[k * n];
                Im2Col.Unfold(image, g, columns);
                bool accumulate = (m & 1) == 1;
                float[] expected = Fill(random, m * ldc), got = (float[])expected.Clone();
                Gemm.Multiply(false, true, m, n, k, a, k, columns, k, expected, ldc, accumulate, threads: 1, path);
                Gemm.MultiplyUnfoldedTransposed(m, a, k, image, g, got, ldc, accumulate, threads: 1 + (m % 3), path);
                Assert.True(expected.AsSpan().SequenceEqual(got), $"{path} {g} m={m}: implicit transposed im2col differs from unfold + multiply");
            }
        }
    }

    [Fact]
    public void Implicit_transposed_im2col_matches_the_reference_loop_with_a_deep_k()
    {
        // 40×40 outputs: k = 1600 is several KC blocks, and m = 130 > MC takes the blocked (not panel-at-a-time) route.
        var random = new SeededRandom(24);
        var g = new ConvGeometry(2, 40, 40, 3, 3, 1, 1);
        int m = 130, k = g.OutputHeight * g.OutputWidth, n = g.PatchSize;
        float[] image = Fill(random, g.Channels * g.Height * g.Width), a = Fill(random, m * k), columns = new float[k * n];
        Im2Col.Unfold(image, g, columns);
        float[] expected = new float[m * n];
        Gemm.MultiplyReference(false, true, m, n, k, a, k, columns, k, expected, n);
        foreach (object[] p in GemmTests.FastPaths())
        {
            float[] got = new float[m * n];
            Gemm.MultiplyUnfoldedTransposed(m, a, k, image, g, got, n, threads: 2, path: (SimdPath)p[0]);
            for (int i = 0; i < got.Length; i++)
            {
                Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-5 * (1 + Math.Sqrt(k)) * 4 * (1 + Math.Abs(expected[i])), $"{p[0]}: C[{i}] = {got[i]}, expected {expected[i]}");
            }
        }
    }

    [Fact]
    public void Every_path_matches_the_reference_loop_on_the_unfolded_image()
    {
        var random = new SeededRandom(22);
        var g = new ConvGeometry(3, 10, 9, 3, 3, 1, 1);
        int m = 7, n = g.OutputHeight * g.OutputWidth, k = g.PatchSize, ldc = n + 3;
        float[] image = Fill(random, g.Channels * g.Height * g.Width), a = Fill(random, m * k), columns = new float[k * n];
        Im2Col.Unfold(image, g, columns);
        float[] expected = Fill(random, m * ldc);
        float[] start = (float[])expected.Clone();
        Gemm.MultiplyReference(false, false, m, n, k, a, k, columns, n, expected, ldc, accumulate: true);
        foreach (object[] p in GemmTests.FastPaths())
        {
            float[] got = (float[])start.Clone();
            Gemm.MultiplyUnfolded(m, a, k, image, g, got, ldc, accumulate: true, path: (SimdPath)p[0]);
            for (int i = 0; i < got.Length; i++)
            {
                Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"{p[0]}: C[{i}] = {got[i]}, expected {expected[i]}");
            }
        }
    }

    [Fact]
    public void UnfoldBlock_writes_exactly_the_column_matrix_block_and_zero_fills_to_the_stride()
    {
        var random = new SeededRandom(25);
        foreach (ConvGeometry g in Geometries)
        {
            int n = g.OutputHeight * g.OutputWidth, k = g.PatchSize;
            float[] image = Fill(random, g.Channels * g.Height * g.Width), columns = new float[k * n];
            Im2Col.Unfold(image, g, columns);
            // The whole matrix, then blocks starting mid-row and mid-channel, of awkward sizes.
            foreach (var (row0, rows, col0, cols) in new[] { (0, k, 0, n), (k / 3, (k + 1) / 2, n / 5, Math.Max(1, n / 2)), (k - 1, 1, n - 1, 1) })
            {
                int ldd = cols + 5;
                float[] block = Fill(random, rows * ldd);
                Im2Col.UnfoldBlock(image, g, row0, rows, col0, cols, block, ldd);

                for (int r = 0; r < rows; r++)
                {
                    for (int j = 0; j < ldd; j++)
                    {
                        float expected = j < cols ? columns[((row0 + r) * n) + col0 + j] : 0f;
                        Assert.True(expected == block[(r * ldd) + j], $"{g} block ({row0}, {rows}, {col0}, {cols}): [{r}, {j}] = {block[(r * ldd) + j]}, expected {expected}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Bad_geometry_and_short_buffers_are_rejected()
    {
        var g = new ConvGeometry(2, 4, 4, 3, 3, 1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyUnfolded(1, new float[18], 18, new float[31], g, new float[16], 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyUnfolded(1, new float[18], 18, new float[32], g, new float[15], 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyUnfolded(1, new float[18], 18, new float[32], g with { Stride = 0 }, new float[16], 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyUnfolded(1, new float[18], 18, new float[32], g with { KernelHeight = 9 }, new float[16], 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyUnfoldedTransposed(1, new float[16], 16, new float[31], g, new float[18], 18));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyUnfoldedTransposed(1, new float[15], 16, new float[32], g, new float[18], 18));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyUnfoldedTransposed(1, new float[16], 16, new float[32], g, new float[17], 18));
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
