using NotebookKit.Nn;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

public sealed class GemmTests
{
    private static readonly int[] Sizes = [1, 2, 3, 5, 17, 31, 33, 64, 65, 129];

    public static IEnumerable<object[]> FastPaths() => SimdDispatch.Supported.Reverse().Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Every_path_matches_the_reference_loop_at_awkward_shapes(SimdPath path)
    {
        var random = new SeededRandom(7);
        foreach (int m in Sizes)
        {
            foreach (int n in Sizes)
            {
                // k sweeps the same awkward sizes, one per (m, n) to keep the test fast, plus a multi-block depth.
                foreach (int k in new[] { Sizes[(m + n) % Sizes.Length], 300 })
                {
                    foreach (bool ta in new[] { false, true })
                    {
                        bool tb = ((m + n + k) & 1) == 0;
                        Check(random, path, ta, tb, m, n, k, accumulate: ((m * n) & 1) == 1, threads: 1 + ((m + k) % 3));
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(FastPaths))]
    public void Strided_operands_and_k_zero_are_handled(SimdPath path)
    {
        var random = new SeededRandom(8);
        Check(random, path, false, false, 9, 40, 0, accumulate: false, threads: 2);
        Check(random, path, false, false, 9, 40, 0, accumulate: true, threads: 2);
        Check(random, path, true, true, 13, 37, 29, accumulate: false, threads: 2, pad: 5);
        Check(random, path, false, true, 70, 70, 513, accumulate: true, threads: 3, pad: 3);
    }

    [Fact]
    public void Thread_count_does_not_change_a_single_bit()
    {
        var random = new SeededRandom(9);
        float[] a = Fill(random, 100 * 300), b = Fill(random, 300 * 200);
        float[] c1 = new float[100 * 200], c3 = new float[100 * 200];
        Gemm.Multiply(false, false, 100, 200, 300, a, 300, b, 200, c1, 200, threads: 1);
        Gemm.Multiply(false, false, 100, 200, 300, a, 300, b, 200, c3, 200, threads: 3);
        Assert.Equal(c1, c3);
    }

    [Theory]
    [InlineData(64, 10, 512)]
    [InlineData(10, 512, 64)]
    [InlineData(64, 512, 10)]
    [InlineData(64, 33, 130)]
    [InlineData(64, 70, 64)]
    public void Products_around_the_per_thread_minimum_give_the_same_bits_for_every_thread_count(int m, int n, int k)
    {
        // Small products run on fewer threads than asked (a thread must be worth waking); either way the bits match.
        var random = new SeededRandom(10);
        float[] a = Fill(random, m * k), b = Fill(random, k * n);
        float[] one = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, a, k, b, n, one, n, threads: 1);
        for (int threads = 2; threads <= 4; threads++)
        {
            float[] c = new float[m * n];
            Gemm.Multiply(false, false, m, n, k, a, k, b, n, c, n, threads: threads);
            Assert.Equal(one, c);
        }
    }

    [Fact]
    public void Too_short_buffers_are_rejected_with_the_operand_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[3], 2, new float[4], 2, new float[4], 2));
        Assert.Contains("A is 2x2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 2, new float[4], 1, new float[4], 2, new float[4], 2));
    }

    private static void Check(SeededRandom random, SimdPath path, bool ta, bool tb, int m, int n, int k, bool accumulate, int threads, int pad = 0)
    {
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        float[] a = Fill(random, Math.Max(1, (ta ? k : m) * lda));
        float[] b = Fill(random, Math.Max(1, (tb ? n : k) * ldb));
        float[] c = Fill(random, m * ldc);
        float[] expected = (float[])c.Clone();
        Gemm.MultiplyReference(ta, tb, m, n, k, a, Math.Max(1, lda), b, Math.Max(1, ldb), expected, ldc, accumulate);
        Gemm.Multiply(ta, tb, m, n, k, a, Math.Max(1, lda), b, Math.Max(1, ldb), c, ldc, accumulate, threads, path);
        // Sums of k products of values in [-1, 1] round differently by blocking: tolerance scales with √k.
        double tol = 1e-5 * (1 + Math.Sqrt(k)) * 4;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float e = expected[(i * ldc) + j], got = c[(i * ldc) + j];
                Assert.True(Math.Abs(e - got) <= tol * (1 + Math.Abs(e)), $"{path} ta={ta} tb={tb} m={m} n={n} k={k}: C[{i},{j}] = {got}, expected {e}");
            }

            for (int j = n; j < ldc; j++)
            {
                Assert.Equal(expected[(i * ldc) + j], c[(i * ldc) + j]);
            }
        }
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
