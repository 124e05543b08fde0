using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// Jumps a xoshiro256 state (the generator of <see cref="NotebookKit.Tensors.SeededRandom"/>) ahead by any number of
/// draws, so several threads can each produce their own contiguous part of one sequential stream.
/// </summary>
/// <remarks>
/// The state update of xoshiro256 is linear over GF(2) (shifts, rotations and exclusive-ors; Blackman &amp; Vigna 2018,
/// whose own <c>jump()</c> uses the same fact for a fixed 2¹²⁸): one draw is a 256 × 256 bit matrix T, and k draws are
/// Tᵏ. The table holds T^(2^i) for i &lt; 31 (each as the images of the 256 unit states, built once by squaring), so
/// a jump by k applies the powers for the bits of k: at most 31 matrix-vector products of 256 × 4 words.
/// The jumped state is exactly the state after k calls of <c>NextUInt64</c>.
/// </remarks>
internal static class Xoshiro256Jump
{
    private const int Levels = 31;
    private const int Bits = 256;
    private static readonly Lazy<ulong[][]> Powers = new(BuildPowers);

    /// <summary>The state (s0, s1, s2, s3) after <paramref name="draws"/> more draws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (ulong S0, ulong S1, ulong S2, ulong S3) Ahead((ulong S0, ulong S1, ulong S2, ulong S3) state, int draws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(draws);
        Span<ulong> v = [state.S0, state.S1, state.S2, state.S3];
        Span<ulong> next = stackalloc ulong[4];
        ulong[][] powers = draws == 0 ? [] : Powers.Value;
        for (int level = 0; draws != 0; level++, draws >>= 1)
        {
            if ((draws & 1) != 0)
            {
                Apply(powers[level], v, next);
                next.CopyTo(v);
            }
        }

        return (v[0], v[1], v[2], v[3]);
    }

    // matrix holds the images of the unit vectors e_0 … e_255 (4 words each); the image of v is the exclusive-or of the
    // images of v's set bits.
    // A jump is one of these per set bit of the distance; the vector form (the same exclusive-ors, in two interleaved
    // accumulators: the order does not change an exclusive-or) lets dropout start eight lanes a few microseconds apart.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Apply(ulong[] matrix, ReadOnlySpan<ulong> v, Span<ulong> result)
    {
        if (SimdDispatch.HasVector256)
        {
            Vector256<ulong> even = default, odd = default;
            fixed (ulong* m = matrix)
            {
                for (int word = 0; word < 4; word++)
                {
                    ulong bits = v[word];
                    ulong* column = m + (word * 64 * 4);
                    for (int bit = 0; bit < 64; bit += 2)
                    {
                        even ^= Vector256.Load(column + (bit * 4)) & Vector256.Create(0UL - ((bits >> bit) & 1UL));
                        odd ^= Vector256.Load(column + (bit * 4) + 4) & Vector256.Create(0UL - ((bits >> (bit + 1)) & 1UL));
                    }
                }
            }

            (even ^ odd).CopyTo(result);
            return;
        }

        ulong r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        for (int word = 0; word < 4; word++)
        {
            ulong bits = v[word];
            for (int bit = 0; bit < 64; bit++)
            {
                // Branch-free: all ones when the bit is set.
                ulong take = 0UL - ((bits >> bit) & 1UL);
                int column = ((word * 64) + bit) * 4;
                r0 ^= matrix[column] & take;
                r1 ^= matrix[column + 1] & take;
                r2 ^= matrix[column + 2] & take;
                r3 ^= matrix[column + 3] & take;
            }
        }

        (result[0], result[1], result[2], result[3]) = (r0, r1, r2, r3);
    }

    private static ulong[][] BuildPowers()
    {
        var powers = new ulong[Levels][];
        var one = new ulong[Bits * 4];
        for (int j = 0; j < Bits; j++)
        {
            ulong a = 0, b = 0, c = 0, d = 0;
            switch (j / 64)
            {
                case 0: a = 1UL << (j % 64); break;
                case 1: b = 1UL << (j % 64); break;
                case 2: c = 1UL << (j % 64); break;
                default: d = 1UL << (j % 64); break;
            }

            // The output is not linear in the state, the update is: only the update is kept.
            _ = SeededRandom.Next(ref a, ref b, ref c, ref d);
            (one[4 * j], one[(4 * j) + 1], one[(4 * j) + 2], one[(4 * j) + 3]) = (a, b, c, d);
        }

        powers[0] = one;
        for (int level = 1; level < Levels; level++)
        {
            // T^(2^level) = T^(2^(level−1)) ∘ T^(2^(level−1)): map each column through the previous power.
            ulong[] previous = powers[level - 1], square = new ulong[Bits * 4];
            for (int j = 0; j < Bits; j++)
            {
                Apply(previous, previous.AsSpan(4 * j, 4), square.AsSpan(4 * j, 4));
            }

            powers[level] = square;
        }

        return powers;
    }
}
