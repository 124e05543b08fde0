using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>The row-strip dense weight gradient against the GEMM it replaces (AVX-512 path): the same bits.</summary>
public sealed class DenseBackwardTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        // batch, in, out, threads: ragged strips (13, 517), in not a multiple of 16 (7, 300, 513) or of the column
        // block (4096 + 48), k below, at and above a block (300 = 2 × 150), a single image.
        { 64, 7, 8, 1 },
        { 33, 256, 13, 2 },
        { 300, 300, 64, 3 },
        { 95, 513, 517, 2 },
        { 64, 4144, 40, 2 },
        { 1, 48, 3, 1 },
        { 256, 64, 24, 2 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_the_gemm_bit_for_bit_stored_or_added_for_any_thread_count(int batch, int inFeatures, int outFeatures, int threads)
    {
        var random = new SeededRandom((ulong)(batch + inFeatures + outFeatures));
        float[] dy = Fill(random, batch * outFeatures), x = Fill(random, batch * inFeatures), start = Fill(random, outFeatures * inFeatures);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] expected = (float[])start.Clone();
            Gemm.Multiply(true, false, outFeatures, inFeatures, batch, dy, outFeatures, x, inFeatures, expected, inFeatures, accumulate, path: SimdPath.Vector512);
            float[] reference = (float[])start.Clone();
            Gemm.MultiplyReference(true, false, outFeatures, inFeatures, batch, dy, outFeatures, x, inFeatures, reference, inFeatures, accumulate);
            if (!SimdDispatch.HasVector512)
            {
                // Without AVX-512 the layer keeps the GEMM; the kernel refuses to run.
                Assert.Throws<ArgumentException>(() => DenseBackward.WeightGradient(dy, x, (float[])start.Clone(), batch, inFeatures, outFeatures, accumulate, threads));
                return;
            }

            foreach (int t in new[] { 1, threads })
            {
                float[] dw = (float[])start.Clone();
                DenseBackward.WeightGradient(dy, x, dw, batch, inFeatures, outFeatures, accumulate, t);
                Assert.Equal(expected, dw);
                for (int i = 0; i < dw.Length; i++)
                {
                    Assert.True(Math.Abs(dw[i] - reference[i]) <= 1e-4f * (1 + Math.Abs(reference[i])), $"element {i}: {dw[i]} vs the reference loop's {reference[i]}");
                }
            }
        }
    }

    [Fact]
    public void Gives_the_same_bits_wherever_the_gradient_starts_in_a_cache_line()
    {
        if (!SimdDispatch.HasVector512)
        {
            return;
        }

        // Panels follow the alignment of dW's rows (in a multiple of 16): arrays allocated after fillers of 1-15
        // floats start at different offsets within a 64-byte line, including ones where the first panel starts
        // before column 0.
        const int batch = 40, inFeatures = 96, outFeatures = 17;
        var random = new SeededRandom(5);
        float[] dy = Fill(random, batch * outFeatures), x = Fill(random, batch * inFeatures);
        var expected = new float[outFeatures * inFeatures];
        Gemm.Multiply(true, false, outFeatures, inFeatures, batch, dy, outFeatures, x, inFeatures, expected, inFeatures, path: SimdPath.Vector512);
        var offsets = new HashSet<long>();
        var keep = new List<float[]>();
        for (int filler = 1; filler <= 16; filler++)
        {
            keep.Add(new float[filler]);
            float[] dw = new float[outFeatures * inFeatures];
            keep.Add(dw);
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(dw, System.Runtime.InteropServices.GCHandleType.Pinned);
            offsets.Add(handle.AddrOfPinnedObject() & 63);
            handle.Free();

            DenseBackward.WeightGradient(dy, x, dw, batch, inFeatures, outFeatures, accumulate: false, threads: 2);
            Assert.Equal(expected, dw);
        }

        Assert.True(offsets.Count > 1, "every array started at the same offset in its cache line");
    }

    [Fact]
    public void Applies_only_to_large_weights_on_avx512()
    {
        Assert.Equal(SimdDispatch.HasVector512, DenseBackward.Applies(4096, 512, SimdPath.Auto));
        Assert.False(DenseBackward.Applies(400, 120, SimdPath.Auto));
        Assert.False(DenseBackward.Applies(4096, 512, SimdPath.Vector256));
        Assert.False(DenseBackward.Applies(4096, 512, SimdPath.Scalar));
    }

    [Fact]
    public void Refuses_buffers_shorter_than_their_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => DenseBackward.WeightGradient(new float[10], new float[10], new float[10], 2, 5, 5, false, 1));
        Assert.Contains("DenseBackward", error.Message, StringComparison.Ordinal);
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
