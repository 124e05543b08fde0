using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

public sealed class DropoutMaskTests
{
    public static TheoryData<int, float, SimdPath> Cases()
    {
        var cases = new TheoryData<int, float, SimdPath>();
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            // Lengths around the register widths (8 and 4 draws) and the 256-draw block, odd numbers of draws included;
            // from 8 × 2048 draws the AVX-512 path runs eight lanes: exactly one part, and parts of 8 × 4096 and 8 × 2048
            // draws followed by 849 sequential ones.
            foreach (var (length, keep) in new[] { (0, 0.5f), (2, 0.75f), (14, 0.5f), (38, 0.5f), (1002, 0.1f), (1030, 0.9f), (4096, 0f), (4096, 1f), (32768, 0.5f), (100002, 0.3f) })
            {
                cases.Add(length, keep, path);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mask_and_output_are_the_documented_draws_on_every_path_and_the_state_moves_one_draw_per_pair(int length, float keep, SimdPath path)
    {
        var random = new SeededRandom(77);
        ulong[] s = random.GetState();
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)random.NextGaussian();
        }

        var reference = new SeededRandom(1);
        reference.SetState(s);
        float scale = keep > 0 ? 1f / keep : 0f;
        float[] mask = new float[length], y = new float[length];
        byte[] bits = new byte[DropoutMask.BytesFor(length)];
        var end = DropoutMask.Fill((s[0], s[1], s[2], s[3]), x, bits, y, DropoutMask.Limit(keep), scale, path);
        DropoutMask.Expand(bits, scale, mask);
        for (int k = 0; k < length / 2; k++)
        {
            ulong r = reference.NextUInt64();
            float u0 = (r >> 40) * (1f / (1 << 24)), u1 = ((r >> 8) & 0xFFFFFF) * (1f / (1 << 24));
            Assert.Equal(u0 < keep, ((bits[(2 * k) >> 3] >> ((2 * k) & 7)) & 1) == 1);
            Assert.Equal(u1 < keep, ((bits[((2 * k) + 1) >> 3] >> (((2 * k) + 1) & 7)) & 1) == 1);
            Assert.Equal(u0 < keep ? scale : 0f, mask[2 * k]);
            Assert.Equal(u1 < keep ? scale : 0f, mask[(2 * k) + 1]);
            Assert.Equal(x[2 * k] * mask[2 * k], y[2 * k]);
            Assert.Equal(x[(2 * k) + 1] * mask[(2 * k) + 1], y[(2 * k) + 1]);
        }

        Assert.Equal(reference.GetState(), new[] { end.S0, end.S1, end.S2, end.S3 });
    }

    [Fact]
    public void An_odd_length_or_too_few_bits_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DropoutMask.Fill((1, 2, 3, 4), new float[3], new byte[1], new float[3], 1, 1f));
        Assert.Throws<ArgumentException>(() => DropoutMask.Fill((1, 2, 3, 4), new float[18], new byte[2], new float[18], 1, 1f));
        Assert.Throws<ArgumentException>(() => DropoutMask.Apply(new float[17], new byte[2], 1f, new float[17]));
    }

    public static TheoryData<int, SimdPath> ApplyCases()
    {
        var cases = new TheoryData<int, SimdPath>();
        foreach (SimdPath path in SimdDispatch.Supported)
        {
            foreach (int length in new[] { 0, 1, 7, 8, 15, 16, 17, 33, 250, 1001 })
            {
                cases.Add(length, path);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(ApplyCases))]
    public void Applying_the_bits_is_the_product_with_the_float_mask_in_place_or_not(int length, SimdPath path)
    {
        var random = new SeededRandom((ulong)length + 5);
        var bits = new byte[DropoutMask.BytesFor(length)];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = (byte)random.NextUInt64();
        }

        const float scale = 1f / 0.7f;
        var mask = new float[length];
        DropoutMask.Expand(bits, scale, mask);
        float[] dy = new float[length], dx = new float[length];
        for (int i = 0; i < length; i++)
        {
            dy[i] = (float)random.NextGaussian();
            Assert.Equal(((bits[i >> 3] >> (i & 7)) & 1) == 1 ? scale : 0f, mask[i]);
        }

        float[] expected = dy.Zip(mask, (g, m) => g * m).ToArray();
        DropoutMask.Apply(dy, bits, scale, dx, path);
        Assert.Equal(expected, dx);
        DropoutMask.Apply(dy, bits, scale, dy, path);
        Assert.Equal(expected, dy);
    }

    [Theory]
    [MemberData(nameof(ApplyCases))]
    public void Applying_the_bits_from_an_offset_gives_the_same_bits_as_applying_them_to_the_whole_tensor(int length, SimdPath path)
    {
        // A run of a tensor (a pooled plane whose dropout mask batch norm applies): whole-byte and mid-byte starts, every
        // run length up to a few vectors, the products bit for bit those of the whole tensor's Apply.
        var random = new SeededRandom((ulong)length + 11);
        var bits = new byte[DropoutMask.BytesFor(length)];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = (byte)random.NextUInt64();
        }

        const float scale = 4f / 3f;
        float[] dy = new float[length], whole = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Exact zeros of both signs too: a dropped -0 or negative value gives -0, as in the whole-tensor pass.
            dy[i] = random.NextInt(8) == 0 ? (random.NextInt(2) == 0 ? 0f : -0f) : (float)random.NextGaussian();
        }

        DropoutMask.Apply(dy, bits, scale, whole, path);
        foreach (int first in new[] { 0, 1, 3, 8, 13, 16, 64 }.Where(f => f <= length))
        {
            foreach (int count in new[] { 0, 1, 7, 8, 9, 16, 17, 33, 64, 100 }.Where(c => first + c <= length))
            {
                var run = new float[count];
                Array.Fill(run, float.NaN);
                DropoutMask.ApplyFrom(dy.AsSpan(first, count), bits, first, scale, run, path);
                Assert.Equal(whole.AsSpan(first, count).ToArray().Select(BitConverter.SingleToInt32Bits), run.Select(BitConverter.SingleToInt32Bits));
            }
        }

        Assert.Throws<ArgumentException>(() => DropoutMask.ApplyFrom(dy, bits, (8 * bits.Length) - length + 1, scale, new float[length], path));
        Assert.Throws<ArgumentException>(() => DropoutMask.ApplyFrom(dy, bits, -1, scale, new float[length], path));
    }
}
