using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// Inverted dropout's mask and output in one pass: draw k of a xoshiro256** stream gives the mask values of elements 2k
/// (its bits 40-63) and 2k + 1 (bits 8-31), each a 24-bit uniform u kept when u·2⁻²⁴ &lt; keep, and y = x·mask is written
/// as the mask is, so the draws are never stored and the mask is not read back.
/// </summary>
/// <remarks>
/// The draws are exactly those of <see cref="NotebookKit.Tensors.SeededRandom.NextUInt64"/> from the given state; a
/// thread that starts at pair k starts from the state jumped k draws ahead (<see cref="Xoshiro256Jump"/>), so the mask
/// does not depend on how the pairs are split.
/// </remarks>
internal static unsafe class DropoutMask
{
    // Draws per block: 2 KB, so the buffer stays in L1 between generating and converting.
    private const int Block = 256;

    /// <summary>The integer bound of a 24-bit draw for keep probability <paramref name="keep"/>: u·2⁻²⁴ &lt; keep ⇔ u &lt; limit.</summary>
    /// <remarks>u·2⁻²⁴ &lt; keep ⇔ u &lt; keep·2²⁴ (exact in double) ⇔ u &lt; ⌈keep·2²⁴⌉ for integers u.</remarks>
    public static int Limit(float keep) => (int)Math.Ceiling(keep * 16777216.0);

    /// <summary>
    /// Fills <paramref name="mask"/> (an even length; element i is <paramref name="scale"/> when kept, else 0) and
    /// y = x·mask from the stream at <paramref name="state"/>, one draw per two elements; returns the state after them.
    /// </summary>
    /// <remarks>
    /// The draws are generated a block at a time into a small buffer that stays in L1 (the generator is sequential,
    /// one scalar step per draw), then turned into mask values and outputs with the path's vectors: a 64-bit draw r
    /// rearranged as the two 32-bit integers (r ≫ 40, (r ≫ 8) mod 2²⁴) is already in element order, so one compare per
    /// lane gives the mask. Every path gives the same bits.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (ulong S0, ulong S1, ulong S2, ulong S3) Fill(
        (ulong S0, ulong S1, ulong S2, ulong S3) state, ReadOnlySpan<float> x, Span<float> mask, Span<float> y, int limit, float scale,
        SimdPath path = SimdPath.Auto)
    {
        if (mask.Length % 2 != 0 || x.Length != mask.Length || y.Length != mask.Length)
        {
            throw new ArgumentException($"DropoutMask: the mask ({mask.Length}) must have an even length equal to x's ({x.Length}) and y's ({y.Length}).");
        }

        path = SimdDispatch.Resolve(path);
        var (a, b, c, d) = state;
        uint scaleBits = BitConverter.SingleToUInt32Bits(scale);
        int pairs = mask.Length / 2;
        ulong* draws = stackalloc ulong[Block];
        fixed (float* px = x, pm = mask, py = y)
        {
            for (int k0 = 0; k0 < pairs; k0 += Block)
            {
                int n = Math.Min(Block, pairs - k0);
                for (int j = 0; j < n; j++)
                {
                    draws[j] = SeededRandom.Next(ref a, ref b, ref c, ref d);
                }

                int offset = 2 * k0;
                int done = path switch
                {
                    SimdPath.Vector512 => Convert512(draws, n, px + offset, pm + offset, py + offset, limit, scaleBits),
                    SimdPath.Vector256 => Convert256(draws, n, px + offset, pm + offset, py + offset, limit, scaleBits),
                    _ => 0,
                };
                for (int j = done; j < n; j++)
                {
                    ulong r = draws[j];
                    // For u < 2²⁴: u < limit ⇔ u − limit < 0, whose sign bit, smeared, masks the scale's bits. Branch-free:
                    // a keep/drop branch would be mispredicted p of the time.
                    float m0 = BitConverter.UInt32BitsToSingle(scaleBits & (uint)(((int)(r >> 40) - limit) >> 31));
                    float m1 = BitConverter.UInt32BitsToSingle(scaleBits & (uint)(((int)((r >> 8) & 0xFFFFFF) - limit) >> 31));
                    int i = offset + (2 * j);
                    pm[i] = m0;
                    pm[i + 1] = m1;
                    py[i] = px[i] * m0;
                    py[i + 1] = px[i + 1] * m1;
                }
            }
        }

        return (a, b, c, d);
    }

    // Eight draws → sixteen mask values per register: element 2j (low half of lane j) from bits 40-63, 2j + 1 from 8-31.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Convert512(ulong* draws, int n, float* x, float* mask, float* y, int limit, uint scaleBits)
    {
        Vector512<int> bound = Vector512.Create(limit);
        Vector512<int> bits = Vector512.Create((int)scaleBits);
        Vector512<ulong> low24 = Vector512.Create(0xFFFFFFUL);
        int j = 0;
        for (; j <= n - 8; j += 8)
        {
            Vector512<ulong> r = Vector512.Load(draws + j);
            Vector512<int> u = (Vector512.ShiftRightLogical(r, 40) | Vector512.ShiftLeft(Vector512.ShiftRightLogical(r, 8) & low24, 32)).AsInt32();
            Vector512<float> m = (Vector512.LessThan(u, bound) & bits).AsSingle();
            m.Store(mask + (2 * j));
            (Vector512.Load(x + (2 * j)) * m).Store(y + (2 * j));
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Convert256(ulong* draws, int n, float* x, float* mask, float* y, int limit, uint scaleBits)
    {
        Vector256<int> bound = Vector256.Create(limit);
        Vector256<int> bits = Vector256.Create((int)scaleBits);
        Vector256<ulong> low24 = Vector256.Create(0xFFFFFFUL);
        int j = 0;
        for (; j <= n - 4; j += 4)
        {
            Vector256<ulong> r = Vector256.Load(draws + j);
            Vector256<int> u = (Vector256.ShiftRightLogical(r, 40) | Vector256.ShiftLeft(Vector256.ShiftRightLogical(r, 8) & low24, 32)).AsInt32();
            Vector256<float> m = (Vector256.LessThan(u, bound) & bits).AsSingle();
            m.Store(mask + (2 * j));
            (Vector256.Load(x + (2 * j)) * m).Store(y + (2 * j));
        }

        return j;
    }
}
