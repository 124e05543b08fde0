using System.Runtime.CompilerServices;

namespace NotebookKit.Tensors;

/// <summary>
/// A small, fast, seeded random number generator whose whole state can be saved and restored
/// (xoshiro256**, Blackman &amp; Vigna 2018), so a resumed run draws exactly what an uninterrupted run would.
/// </summary>
/// <remarks>
/// <see cref="System.Random"/> cannot expose its state, which checkpoints need. Seeding expands the 64-bit
/// seed with SplitMix64, as the xoshiro authors recommend. The same seed gives the same stream on every
/// machine and runtime.
/// </remarks>
public sealed class SeededRandom
{
    private ulong s0, s1, s2, s3;

    /// <summary>Creates a generator from a seed.</summary>
    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix64(ref x);
        s1 = SplitMix64(ref x);
        s2 = SplitMix64(ref x);
        s3 = SplitMix64(ref x);
    }

    /// <summary>The generator's state (four words), for checkpoints.</summary>
    public ulong[] GetState() => [s0, s1, s2, s3];

    /// <summary>Restores a state captured by <see cref="GetState"/>.</summary>
    public void SetState(IReadOnlyList<ulong> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != 4 || (state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("A SeededRandom state is four words, not all zero.", nameof(state));
        }

        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>A new, independent generator derived from this one's stream (for per-layer or per-worker streams).</summary>
    public SeededRandom Fork() => new(NextUInt64());

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => Next(ref s0, ref s1, ref s2, ref s3);

    /// <summary>Fills <paramref name="destination"/> with the next values of the stream: exactly what calling <see cref="NextUInt64"/> once per element gives, with the state kept in registers.</summary>
    public void Fill(Span<ulong> destination)
    {
        ulong a = s0, b = s1, c = s2, d = s3;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Next(ref a, ref b, ref c, ref d);
        }

        (s0, s1, s2, s3) = (a, b, c, d);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64() >> 32;
            ulong m = r * bound;
            if ((uint)m >= threshold)
            {
                return (int)(m >> 32);
            }
        }
    }

    /// <summary>A standard normal sample (Box-Muller; one sample per call, no cached pair, so state stays four words).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>
    /// One xoshiro256** draw from the state (s0, s1, s2, s3), which it advances: the one place the generator is written,
    /// shared by <see cref="NextUInt64"/>, <see cref="Fill"/> and the engine's kernels that keep the state in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Next(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
