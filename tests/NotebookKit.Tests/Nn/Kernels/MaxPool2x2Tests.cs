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
                Assert.Equal(dy[o], dx0[a0[o]]);
            }

            // Every other position is written with zero (dx starts as NaN garbage).
            Assert.Equal(dy.Sum(), dx0.Sum(), 1e-3);
        }
    }

    private static (float[] Y, int[] Arg, float[] Dx) Run(float[] x, float[] dy, int h, int w, SimdPath path)
    {
        int oh = h / 2, ow = w / 2;
        float[] y = new float[oh * ow], dx = new float[h * w];
        int[] arg = new int[oh * ow];
        Array.Fill(dx, float.NaN);
        MaxPool2x2.Forward(x, w, oh, ow, y, arg, path);
        MaxPool2x2.Backward(dy, arg, h, w, dx, path);

        return (y, arg, dx);
    }
}
