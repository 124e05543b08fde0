using NotebookKit.Nn;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

public sealed class MaxPool2x2Tests
{
    public static IEnumerable<object[]> VectorPaths() => ElementwiseTests.VectorPaths();

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void Vector_paths_equal_the_scalar_twin_at_every_width_with_ties_and_nan(SimdPath path)
    {
        var random = new SeededRandom(14);
        for (int w = 0; w <= 257; w++)
        {
            int h = 2 + (w % 2), oh = h / 2, ow = w / 2;
            float[] x = new float[h * w];
            for (int i = 0; i < x.Length; i++)
            {
                // Few distinct values: ties go to the first maximum; some NaN, which wins.
                x[i] = random.NextInt(50) == 0 ? float.NaN : random.NextInt(4);
            }

            float[] dy = new float[oh * ow];
            for (int i = 0; i < dy.Length; i++)
            {
                dy[i] = i + 1;
            }

            var (y0, a0, dx0) = Run(x, dy, h, w, SimdPath.Scalar);
            var (y1, a1, dx1) = Run(x, dy, h, w, path);
            Assert.True(y0.AsSpan().SequenceEqual(y1), $"{path} w={w}: outputs differ");
            Assert.Equal(a0, a1);
            Assert.True(dx0.AsSpan().SequenceEqual(dx1), $"{path} w={w}: input gradients differ");
            for (int o = 0; o < a0.Length; o++)
            {
                // The place in the window names the first maximum (NaN wins), and its gradient lands there.
                int oy = o / Math.Max(1, ow), ox = o % Math.Max(1, ow), at = MaxPool2x2.PlaneIndex(oy, ox, w, a0[o]);
                Assert.InRange(a0[o], 0, 3);
                Assert.Equal(dy[o], dx0[at]);
                Assert.Equal(FirstMaximum(x, w, oy, ox), at);
            }

            // Every other position is written with zero (dx starts as NaN garbage).
            Assert.Equal(dy.Sum(), dx0.Sum(), 1e-3);
        }
    }

    [Theory]
    [MemberData(nameof(VectorPaths))]
    public void Requesting_the_next_planes_lines_changes_no_value(SimdPath path)
    {
        // The forward pass given a later plane to prefetch: the same outputs and indices, mapped or not; a later plane
        // shorter than this one's rows is refused.
        var random = new SeededRandom(15);
        foreach (var (h, w) in new[] { (32, 32), (16, 16), (7, 9), (2, 33) })
        {
            int oh = h / 2, ow = w / 2;
            float[] x = new float[2 * h * w];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = random.NextInt(50) == 0 ? float.NaN : (float)random.NextGaussian();
            }

            foreach (bool mapped in new[] { false, true })
            {
                var map = new NormalizeOperator(-0.25f, 1.5f, 0.75f, 0.1f);
                float[] y0 = new float[oh * ow], y1 = new float[oh * ow];
                byte[] a0 = new byte[oh * ow], a1 = new byte[oh * ow];
                MaxPool2x2.Forward(x.AsSpan(0, h * w), w, oh, ow, y0, a0, path, mapped, map);
                MaxPool2x2.Forward(x.AsSpan(0, h * w), w, oh, ow, y1, a1, path, mapped, map, x.AsSpan(h * w, h * w));
                Assert.True(y0.AsSpan().SequenceEqual(y1), $"{path} {h}x{w} mapped={mapped}");
                Assert.Equal(a0, a1);
            }
        }

        var e = Assert.Throws<ArgumentException>(() => MaxPool2x2.Forward(new float[16], 4, 2, 2, new float[4], new byte[4], path, nextPlane: new float[8]));
        Assert.Contains("planes of at least 4 rows of 4", e.Message, StringComparison.Ordinal);
    }

    // The window's index in the plane of its maximum by PyTorch's CPU rule, in row-major order: a value replaces the
    // maximum when it is greater or NaN (ties keep the first; the last NaN wins).
    private static int FirstMaximum(float[] x, int w, int oy, int ox)
    {
        int best = (2 * oy * w) + (2 * ox);
        foreach (int at in new[] { best + 1, best + w, best + w + 1 })
        {
            if (x[at] > x[best] || float.IsNaN(x[at]))
            {
                best = at;
            }
        }

        return best;
    }

    private static (float[] Y, byte[] Arg, float[] Dx) Run(float[] x, float[] dy, int h, int w, SimdPath path)
    {
        int oh = h / 2, ow = w / 2;
        float[] y = new float[oh * ow], dx = new float[h * w];
        byte[] arg = new byte[oh * ow];
        Array.Fill(dx, float.NaN);
        MaxPool2x2.Forward(x, w, oh, ow, y, arg, path);
        MaxPool2x2.Backward(dy, arg, h, w, dx, path);

        return (y, arg, dx);
    }
}
