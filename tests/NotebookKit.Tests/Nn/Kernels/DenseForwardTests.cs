using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>The in-place-weight dense forward pass against the GEMM it replaces (AVX-512 path): the same bits.</summary>
public sealed class DenseForwardTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        // batch, in, out, threads: ragged panels (33, 95), ragged strips (13, 517), k below, at and above a block, odd k.
        { 32, 7, 8, 1 },
        { 33, 256, 13, 2 },
        { 64, 300, 64, 3 },
        { 95, 513, 517, 2 },
        { 64, 4096, 40, 2 },
        { 40, 1, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_the_gemm_from_the_bias_bit_for_bit_for_any_thread_count(int batch, int inFeatures, int outFeatures, int threads)
    {
        var random = new SeededRandom((ulong)(batch + inFeatures + outFeatures));
        float[] x = Fill(random, batch * inFeatures), w = Fill(random, outFeatures * inFeatures), bias = Fill(random, outFeatures);
        var expected = new float[batch * outFeatures];
        for (int i = 0; i < batch; i++)
        {
            bias.CopyTo(expected, i * outFeatures);
        }

        Gemm.Multiply(false, true, batch, outFeatures, inFeatures, x, inFeatures, w, inFeatures, expected, outFeatures, accumulate: true, path: SimdPath.Vector512);
        var reference = new float[batch * outFeatures];
        for (int i = 0; i < batch; i++)
        {
            bias.CopyTo(reference, i * outFeatures);
        }

        Gemm.MultiplyReference(false, true, batch, outFeatures, inFeatures, x, inFeatures, w, inFeatures, reference, outFeatures, accumulate: true);
        if (!SimdDispatch.HasVector512)
        {
            // Without AVX-512 the layer keeps the GEMM; the kernel refuses to run.
            Assert.Throws<ArgumentException>(() => DenseForward.Forward(x, w, bias, new float[batch * outFeatures], batch, inFeatures, outFeatures, threads));
            return;
        }

        foreach (int t in new[] { 1, threads })
        {
            var y = Fill(random, batch * outFeatures);
            DenseForward.Forward(x, w, bias, y, batch, inFeatures, outFeatures, t);
            Assert.Equal(expected, y);
            for (int i = 0; i < y.Length; i++)
            {
                Assert.True(Math.Abs(y[i] - reference[i]) <= 1e-4f * (1 + Math.Abs(reference[i])), $"element {i}: {y[i]} vs the reference loop's {reference[i]}");
            }
        }
    }

    [Fact]
    public void Applies_only_to_large_weights_and_full_panels_on_avx512()
    {
        Assert.Equal(SimdDispatch.HasVector512, DenseForward.Applies(64, 4096, 512, SimdPath.Auto));
        Assert.False(DenseForward.Applies(64, 400, 120, SimdPath.Auto));
        Assert.False(DenseForward.Applies(16, 4096, 512, SimdPath.Auto));
        Assert.False(DenseForward.Applies(64, 4096, 512, SimdPath.Scalar));
    }

    private static float[] Fill(SeededRandom random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)random.NextGaussian();
        }

        return values;
    }
}
