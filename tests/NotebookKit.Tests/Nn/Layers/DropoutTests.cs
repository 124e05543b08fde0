using NotebookKit.Nn;
using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Layers;

[Collection(NnThreadsCollection.Name)]
public sealed class DropoutTests
{
    [Fact]
    public void Training_zeroes_about_p_and_scales_the_rest_by_one_over_one_minus_p()
    {
        var layer = new Dropout(0.25, new SeededRandom(5));
        var x = new Tensor(100, 101);
        x.Span.Fill(2f);
        Tensor y = layer.Forward(x, training: true);
        int zeros = y.Span.ToArray().Count(v => v == 0f);
        // Binomial(10100, 0.25): standard deviation ≈ 43.5; allow 5σ.
        Assert.InRange(zeros, 2525 - 218, 2525 + 218);
        Assert.All(y.Span.ToArray(), v => Assert.True(v == 0f || v == 2f / 0.75f));
    }

    [Fact]
    public void Evaluation_is_the_identity_and_the_same_seed_gives_the_same_mask()
    {
        var x = new Tensor(3, 33);
        x.Span.Fill(1f);
        Assert.Same(x, new Dropout(0.5, new SeededRandom(1)).Forward(x, training: false));
        float[] a = new Dropout(0.5, new SeededRandom(9)).Forward(x, true).Span.ToArray();
        float[] b = new Dropout(0.5, new SeededRandom(9)).Forward(x, true).Span.ToArray();
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Threads_split_one_sequential_stream_so_the_mask_and_the_next_draw_do_not_depend_on_the_thread_count(int threads)
    {
        // 2·40,000 + 1 elements: enough pairs for several threads, and an odd last element drawn after them.
        var x = new Tensor(80001);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = (i % 7) - 3;
        }

        var reference = new SeededRandom(21);
        float keep = 0.6f, scale = (float)(1.0 / (1.0 - 0.4));
        var expected = new float[x.Length];
        for (int k = 0; k < 40000; k++)
        {
            ulong r = reference.NextUInt64();
            expected[2 * k] = (r >> 40) * (1f / (1 << 24)) < keep ? scale : 0f;
            expected[(2 * k) + 1] = ((r >> 8) & 0xFFFFFF) * (1f / (1 << 24)) < keep ? scale : 0f;
        }

        expected[80000] = reference.NextSingle() < keep ? scale : 0f;
        int saved = NnThreads.Count;
        try
        {
            NnThreads.Count = threads;
            var random = new SeededRandom(21);
            var layer = new Dropout(0.4, random);
            Tensor y = layer.Forward(x, training: true);
            Assert.Equal(expected, layer.Mask.ToArray());
            Assert.Equal(x.Span.ToArray().Zip(expected, (a, m) => a * m), y.Span.ToArray());
            Assert.Equal(reference.NextUInt64(), random.NextUInt64());
            var dy = new Tensor(80001);
            dy.Span.Fill(3f);
            Tensor dx = layer.Backward(dy);
            Assert.Equal(expected.Select(m => 3f * m), dx.Span.ToArray());
            Assert.All(dy.Span.ToArray(), v => Assert.Equal(3f, v));
        }
        finally
        {
            NnThreads.Count = saved;
        }
    }

    [Fact]
    public void Probability_outside_zero_one_uses_pytorch_wording()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5, new SeededRandom(1)));
        Assert.Contains("dropout probability has to be between 0 and 1", e.Message, StringComparison.Ordinal);
    }
}
