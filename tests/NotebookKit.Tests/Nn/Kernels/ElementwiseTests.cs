using NotebookKit.Nn;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

public sealed class ElementwiseTests
{
    public static IEnumerable<object[]> VectorPaths() => SimdDispatch.Supported.Where(p => p != SimdPath.Scalar).Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void Elementwise_ops_equal_the_scalar_twin_exactly_at_every_length(SimdPath path)
    {
        var random = new SeededRandom(3);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Fill(random, n), y = Fill(random, n);
            Same(x, y, (xs, ys, d, p) => { xs.CopyTo(d, 0); Elementwise.Relu(d, p); }, path, n);
            Same(x, y, (xs, ys, d, p) => { ys.CopyTo(d, 0); Elementwise.ReluBackward(xs, d, p); }, path, n);
            Same(x, y, (xs, ys, d, p) => Elementwise.Multiply(xs, ys, d, p), path, n);
            Same(x, y, (xs, ys, d, p) => { ys.CopyTo(d, 0); Elementwise.Add(xs, d, p); }, path, n);
            Same(x, y, (xs, ys, d, p) => Elementwise.ScaleShift(xs, 1.7f, -0.3f, d, p), path, n);
            Same(x, y, (xs, ys, d, p) => Elementwise.ShiftScale(xs, -0.3f, 1.7f, d, p), path, n);
            Same(x, y, (xs, ys, d, p) => Elementwise.Combine(xs, 0.9f, ys, -1.1f, 0.25f, d, p), path, n);
        }
    }

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void Reductions_are_close_to_the_scalar_twin_at_every_length(SimdPath path)
    {
        var random = new SeededRandom(4);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Fill(random, n), y = Fill(random, n);
            // Different lane orders: float32 rounding of n terms of size ≤ 1.
            double tol = 1e-6 * (n + 1);
            Assert.Equal(Elementwise.Sum(x, SimdPath.Scalar), Elementwise.Sum(x, path), tol);
            Assert.Equal(Elementwise.SumSquaredDeviation(x, 0.1f, SimdPath.Scalar), Elementwise.SumSquaredDeviation(x, 0.1f, path), tol);
            var (s0, d0) = Elementwise.SumAndDot(x, y, SimdPath.Scalar);
            var (s1, d1) = Elementwise.SumAndDot(x, y, path);
            Assert.Equal(s0, s1, tol);
            Assert.Equal(d0, d1, tol);
            Assert.Equal(x.Sum(v => (double)v), Elementwise.Sum(x, path), tol);
        }
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Elementwise.Multiply(new float[3], new float[4], new float[3]));
        Assert.Contains("expected 3", e.Message, StringComparison.Ordinal);
    }

    private static void Same(float[] x, float[] y, Action<float[], float[], float[], SimdPath> op, SimdPath path, int n)
    {
        float[] expected = new float[n], actual = new float[n];
        op(x, y, expected, SimdPath.Scalar);
        op(x, y, actual, path);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path} differs from the scalar twin at length {n}");
    }

    private static float[] Fill(SeededRandom random, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (2 * random.NextSingle()) - 1;
        }

        return x;
    }
}
