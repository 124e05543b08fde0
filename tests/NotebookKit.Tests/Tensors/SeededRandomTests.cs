using NotebookKit.Nn;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Tensors;

public sealed class SeededRandomTests
{
    [Fact]
    public void Same_seed_gives_the_same_stream_and_restored_state_continues_it()
    {
        var a = new SeededRandom(42);
        var b = new SeededRandom(42);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }

        var state = a.GetState();
        var expected = Enumerable.Range(0, 5).Select(_ => a.NextDouble()).ToArray();
        var c = new SeededRandom(7);
        c.SetState(state);
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => c.NextDouble()).ToArray());
    }

    [Fact]
    public void NextInt_stays_in_range_and_covers_it()
    {
        var r = new SeededRandom(1);
        var counts = new int[7];
        for (int i = 0; i < 7000; i++)
        {
            counts[r.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }

    [Fact]
    public void Gaussian_has_zero_mean_and_unit_variance()
    {
        var r = new SeededRandom(3);
        var xs = Enumerable.Range(0, 20000).Select(_ => r.NextGaussian()).ToArray();
        double mean = xs.Average();
        double variance = xs.Select(x => (x - mean) * (x - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void All_zero_state_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SeededRandom(1).SetState([0, 0, 0, 0]));
    }

    [Fact]
    public void Fill_gives_exactly_the_NextUInt64_stream()
    {
        var a = new SeededRandom(77);
        var b = new SeededRandom(77);
        var block = new ulong[1001];
        a.Fill(block);
        Assert.Equal(Enumerable.Range(0, 1001).Select(_ => b.NextUInt64()), block);
        Assert.Equal(b.NextUInt64(), a.NextUInt64());
    }
}
