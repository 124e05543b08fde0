using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// Inverted dropout's mask and output in one pass: draw k of a xoshiro256** stream gives the mask values of elements 2k
/// (its bits 40-63) and 2k + 1 (bits 8-31), each a 24-bit uniform u kept when u·2⁻²⁴ &lt; keep, and y = x·mask is written
/// as the mask is, so the draws are never stored. The mask is kept as one bit per element (bit i mod 8 of byte i / 8:
/// kept or dropped; the value is the scale or 0), a thirty-second of a float mask's memory traffic.
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

    // The shortest part of the stream a vector lane takes: each lane after the first starts from a jump (one 256 × 256
    // bit matrix-vector product, about a microsecond), worth it only over thousands of draws.
    private const int MinLaneDraws = 2048;

    /// <summary>The integer bound of a 24-bit draw for keep probability <paramref name="keep"/>: u·2⁻²⁴ &lt; keep ⇔ u &lt; limit.</summary>
    /// <remarks>u·2⁻²⁴ &lt; keep ⇔ u &lt; keep·2²⁴ (exact in double) ⇔ u &lt; ⌈keep·2²⁴⌉ for integers u.</remarks>
    public static int Limit(float keep) => (int)Math.Ceiling(keep * 16777216.0);

    /// <summary>
    /// Sets the bits of <paramref name="keep"/> (element i kept: bit i mod 8 of byte i / 8; x has an even length) and
    /// writes y = x·mask (mask = <paramref name="scale"/> where kept, else 0) from the stream at <paramref name="state"/>,
    /// one draw per two elements; returns the state after them. Bits past x's end in the last byte are left alone.
    /// </summary>
    /// <remarks>
    /// The draws are generated a block at a time into a small buffer that stays in L1 (the generator is sequential,
    /// one scalar step per draw), then turned into mask values and outputs with the path's vectors: a 64-bit draw r
    /// rearranged as the two 32-bit integers (r ≫ 40, (r ≫ 8) mod 2²⁴) is already in element order, so one compare per
    /// lane gives the mask. Every path gives the same bits.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (ulong S0, ulong S1, ulong S2, ulong S3) Fill(
        (ulong S0, ulong S1, ulong S2, ulong S3) state, ReadOnlySpan<float> x, Span<byte> keep, Span<float> y, int limit, float scale,
        SimdPath path = SimdPath.Auto)
    {
        if (x.Length % 2 != 0 || y.Length != x.Length || keep.Length < BytesFor(x.Length))
        {
            throw new ArgumentException($"DropoutMask: x ({x.Length}) must have an even length equal to y's ({y.Length}), and the kept bits ({keep.Length} bytes) must cover it.");
        }

        path = SimdDispatch.Resolve(path);
        var (a, b, c, d) = state;
        uint scaleBits = BitConverter.SingleToUInt32Bits(scale);
        int pairs = x.Length / 2;
        ulong* draws = stackalloc ulong[Block];
        fixed (float* px = x, py = y)
        fixed (byte* pm = keep)
        {
            int k0 = 0;
            if (path == SimdPath.Vector512)
            {
                // Eight lanes, each its own contiguous part of the stream, for the largest power-of-two parts that fit.
                while (pairs - k0 >= 8 * MinLaneDraws)
                {
                    int lane = 1 << BitOperations.Log2((uint)((pairs - k0) / 8));
                    int offset = 2 * k0;
                    (a, b, c, d) = Lanes512((a, b, c, d), lane, px + offset, pm + (offset / 8), py + offset, limit, scaleBits);
                    k0 += 8 * lane;
                }
            }

            for (; k0 < pairs; k0 += Block)
            {
                int n = Math.Min(Block, pairs - k0);
                for (int j = 0; j < n; j++)
                {
                    draws[j] = SeededRandom.Next(ref a, ref b, ref c, ref d);
                }

                int offset = 2 * k0;
                int done = path switch
                {
                    SimdPath.Vector512 => Convert512(draws, n, px + offset, pm + (offset / 8), py + offset, limit, scaleBits),
                    SimdPath.Vector256 => Convert256(draws, n, px + offset, pm + (offset / 8), py + offset, limit, scaleBits),
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
                    int kept = (int)((uint)((int)(r >> 40) - limit) >> 31) | (int)(((uint)((int)((r >> 8) & 0xFFFFFF) - limit) >> 31) << 1);
                    pm[i >> 3] = (byte)((pm[i >> 3] & ~(3 << (i & 7))) | (kept << (i & 7)));
                    py[i] = px[i] * m0;
                    py[i + 1] = px[i + 1] * m1;
                }
            }
        }

        return (a, b, c, d);
    }

    /// <summary>
    /// Draws 8·<paramref name="lane"/> values of the stream at <paramref name="state"/> as eight xoshiro256** generators
    /// in the lanes of four vectors, lane l producing draws l·lane … (l + 1)·lane − 1 (its state jumped ahead by
    /// l·lane), and writes their mask values and outputs; returns the state after all of them (the last lane's).
    /// </summary>
    /// <remarks>
    /// One vector step makes one draw in every lane (the scalar generator's shifts, rotations and exclusive-ors, ×5 and ×9
    /// as shift-and-add). Eight steps give an 8 × 8 block of draws, step-major; an 8 × 8 transpose of 64-bit elements
    /// (two-source permutes) turns it into eight consecutive draws per lane, which convert exactly as in
    /// <see cref="Convert512"/>. <paramref name="lane"/> is a power of two of at least 8, so a jump is one matrix product.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (ulong S0, ulong S1, ulong S2, ulong S3) Lanes512(
        (ulong S0, ulong S1, ulong S2, ulong S3) state, int lane, float* x, byte* keep, float* y, int limit, uint scaleBits)
    {
        ulong* words = stackalloc ulong[4 * 8];
        var s = state;
        for (int l = 0; l < 8; l++)
        {
            if (l > 0)
            {
                s = Xoshiro256Jump.Ahead(s, lane);
            }

            (words[l], words[8 + l], words[16 + l], words[24 + l]) = s;
        }

        Vector512<ulong> s0 = Vector512.Load(words), s1 = Vector512.Load(words + 8), s2 = Vector512.Load(words + 16), s3 = Vector512.Load(words + 24);
        Vector512<int> bound = Vector512.Create(limit);
        Vector512<int> bits = Vector512.Create((int)scaleBits);
        Vector512<ulong> low24 = Vector512.Create(0xFFFFFFUL);
        Vector512<ulong> pairLow = Vector512.Create(0UL, 1, 8, 9, 4, 5, 12, 13), pairHigh = Vector512.Create(2UL, 3, 10, 11, 6, 7, 14, 15);
        Vector512<ulong> halfLow = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), halfHigh = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        for (int i0 = 0; i0 < lane; i0 += 8)
        {
            Vector512<ulong> r0 = Step(ref s0, ref s1, ref s2, ref s3), r1 = Step(ref s0, ref s1, ref s2, ref s3);
            Vector512<ulong> r2 = Step(ref s0, ref s1, ref s2, ref s3), r3 = Step(ref s0, ref s1, ref s2, ref s3);
            Vector512<ulong> r4 = Step(ref s0, ref s1, ref s2, ref s3), r5 = Step(ref s0, ref s1, ref s2, ref s3);
            Vector512<ulong> r6 = Step(ref s0, ref s1, ref s2, ref s3), r7 = Step(ref s0, ref s1, ref s2, ref s3);

            // ri[l] is lane l's draw i0 + i; transpose so that row l holds lane l's eight draws.
            Vector512<ulong> a0 = Avx512F.UnpackLow(r0, r1), a1 = Avx512F.UnpackHigh(r0, r1);
            Vector512<ulong> c0 = Avx512F.UnpackLow(r2, r3), c1 = Avx512F.UnpackHigh(r2, r3);
            Vector512<ulong> d0 = Avx512F.UnpackLow(r4, r5), d1 = Avx512F.UnpackHigh(r4, r5);
            Vector512<ulong> f0 = Avx512F.UnpackLow(r6, r7), f1 = Avx512F.UnpackHigh(r6, r7);
            Vector512<ulong> b0 = Avx512F.PermuteVar8x64x2(a0, pairLow, c0), b2 = Avx512F.PermuteVar8x64x2(a0, pairHigh, c0);
            Vector512<ulong> b1 = Avx512F.PermuteVar8x64x2(a1, pairLow, c1), b3 = Avx512F.PermuteVar8x64x2(a1, pairHigh, c1);
            Vector512<ulong> e0 = Avx512F.PermuteVar8x64x2(d0, pairLow, f0), e2 = Avx512F.PermuteVar8x64x2(d0, pairHigh, f0);
            Vector512<ulong> e1 = Avx512F.PermuteVar8x64x2(d1, pairLow, f1), e3 = Avx512F.PermuteVar8x64x2(d1, pairHigh, f1);
            long at = 2L * i0;
            long stride = 2L * lane;
            Convert8(Avx512F.PermuteVar8x64x2(b0, halfLow, e0), x + at, keep + (at / 8), y + at, bound, bits, low24);
            Convert8(Avx512F.PermuteVar8x64x2(b1, halfLow, e1), x + at + stride, keep + ((at + stride) / 8), y + at + stride, bound, bits, low24);
            Convert8(Avx512F.PermuteVar8x64x2(b2, halfLow, e2), x + at + (2 * stride), keep + ((at + (2 * stride)) / 8), y + at + (2 * stride), bound, bits, low24);
            Convert8(Avx512F.PermuteVar8x64x2(b3, halfLow, e3), x + at + (3 * stride), keep + ((at + (3 * stride)) / 8), y + at + (3 * stride), bound, bits, low24);
            Convert8(Avx512F.PermuteVar8x64x2(b0, halfHigh, e0), x + at + (4 * stride), keep + ((at + (4 * stride)) / 8), y + at + (4 * stride), bound, bits, low24);
            Convert8(Avx512F.PermuteVar8x64x2(b1, halfHigh, e1), x + at + (5 * stride), keep + ((at + (5 * stride)) / 8), y + at + (5 * stride), bound, bits, low24);
            Convert8(Avx512F.PermuteVar8x64x2(b2, halfHigh, e2), x + at + (6 * stride), keep + ((at + (6 * stride)) / 8), y + at + (6 * stride), bound, bits, low24);
            Convert8(Avx512F.PermuteVar8x64x2(b3, halfHigh, e3), x + at + (7 * stride), keep + ((at + (7 * stride)) / 8), y + at + (7 * stride), bound, bits, low24);
        }

        Vector512.Store(s0, words);
        Vector512.Store(s1, words + 8);
        Vector512.Store(s2, words + 16);
        Vector512.Store(s3, words + 24);
        return (words[7], words[15], words[23], words[31]);
    }

    // One xoshiro256** step in every lane: result = rotl(s1·5, 7)·9, then the linear state update.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Step(ref Vector512<ulong> s0, ref Vector512<ulong> s1, ref Vector512<ulong> s2, ref Vector512<ulong> s3)
    {
        Vector512<ulong> rotated = Avx512F.RotateLeft(s1 + (s1 << 2), 7);
        Vector512<ulong> t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Avx512F.RotateLeft(s3, 45);
        return rotated + (rotated << 3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Convert8(Vector512<ulong> r, float* x, byte* keep, float* y, Vector512<int> bound, Vector512<int> bits, Vector512<ulong> low24)
    {
        Vector512<int> u = (Vector512.ShiftRightLogical(r, 40) | Vector512.ShiftLeft(Vector512.ShiftRightLogical(r, 8) & low24, 32)).AsInt32();
        Vector512<int> kept = Vector512.LessThan(u, bound);
        *(ushort*)keep = (ushort)kept.ExtractMostSignificantBits();
        (Vector512.Load(x) * (kept & bits).AsSingle()).Store(y);
    }

    /// <summary>The bytes of a kept-bits mask for <paramref name="elements"/> elements.</summary>
    public static int BytesFor(int elements) => (elements + 7) / 8;

    /// <summary>
    /// dx = dy·mask, mask = <paramref name="scale"/> where the bit of <paramref name="keep"/> is set, else 0: the same
    /// float products as with a float mask, so the same bits. <paramref name="dx"/> may be <paramref name="dy"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> dy, ReadOnlySpan<byte> keep, float scale, Span<float> dx, SimdPath path = SimdPath.Auto)
    {
        if (dx.Length != dy.Length || keep.Length < BytesFor(dy.Length))
        {
            throw new ArgumentException($"DropoutMask: dx ({dx.Length}) must have dy's length ({dy.Length}) and the kept bits ({keep.Length} bytes) must cover it.");
        }

        path = SimdDispatch.Resolve(path);
        int n = dy.Length, i = 0;
        fixed (float* pdy = dy, pdx = dx)
        fixed (byte* pk = keep)
        {
            if (path == SimdPath.Vector512)
            {
                // Lane j tests bit j of sixteen: all ones where kept, which selects the scale's bits.
                Vector512<int> lanes = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
                Vector512<float> value = Vector512.Create(scale);
                for (; i <= n - 16; i += 16)
                {
                    Vector512<int> kept = Vector512.Equals(Vector512.Create((int)*(ushort*)(pk + (i / 8))) & lanes, lanes);
                    (Vector512.Load(pdy + i) * (kept.AsSingle() & value)).Store(pdx + i);
                }
            }
            else if (path == SimdPath.Vector256)
            {
                Vector256<int> lanes = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
                Vector256<float> value = Vector256.Create(scale);
                for (; i <= n - 8; i += 8)
                {
                    Vector256<int> kept = Vector256.Equals(Vector256.Create((int)pk[i / 8]) & lanes, lanes);
                    (Vector256.Load(pdy + i) * (kept.AsSingle() & value)).Store(pdx + i);
                }
            }

            for (; i < n; i++)
            {
                pdx[i] = pdy[i] * (((pk[i >> 3] >> (i & 7)) & 1) != 0 ? scale : 0f);
            }
        }
    }

    /// <summary>
    /// <see cref="Apply"/> over a run of a tensor starting at element <paramref name="first"/> of its mask: dx[i] =
    /// dy[i]·(bit first + i kept ? scale : +0), the same products. A run starting on a whole byte of kept bits takes the
    /// vector loop; others multiply one element at a time (the same products too).
    /// </summary>
    public static void ApplyFrom(ReadOnlySpan<float> dy, ReadOnlySpan<byte> keep, long first, float scale, Span<float> dx, SimdPath path = SimdPath.Auto)
    {
        if (first < 0 || dx.Length != dy.Length || first + dy.Length > 8L * keep.Length)
        {
            throw new ArgumentException($"DropoutMask: dx ({dx.Length}) must have dy's length ({dy.Length}) and the kept bits ({keep.Length} bytes) must cover elements {first}..{first + dy.Length}.");
        }

        if ((first & 7) == 0)
        {
            Apply(dy, keep[(int)(first >> 3)..], scale, dx, path);
            return;
        }

        for (int i = 0; i < dy.Length; i++)
        {
            long bit = first + i;
            dx[i] = dy[i] * (((keep[(int)(bit >> 3)] >> (int)(bit & 7)) & 1) != 0 ? scale : 0f);
        }
    }

    /// <summary>Writes the mask values (<paramref name="scale"/> where kept, else 0) of <paramref name="mask"/>.Length elements.</summary>
    public static void Expand(ReadOnlySpan<byte> keep, float scale, Span<float> mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = ((keep[i >> 3] >> (i & 7)) & 1) != 0 ? scale : 0f;
        }
    }

    // Eight draws → sixteen mask values per register: element 2j (low half of lane j) from bits 40-63, 2j + 1 from 8-31.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Convert512(ulong* draws, int n, float* x, byte* keep, float* y, int limit, uint scaleBits)
    {
        Vector512<int> bound = Vector512.Create(limit);
        Vector512<int> bits = Vector512.Create((int)scaleBits);
        Vector512<ulong> low24 = Vector512.Create(0xFFFFFFUL);
        int j = 0;
        for (; j <= n - 8; j += 8)
        {
            Vector512<ulong> r = Vector512.Load(draws + j);
            Vector512<int> u = (Vector512.ShiftRightLogical(r, 40) | Vector512.ShiftLeft(Vector512.ShiftRightLogical(r, 8) & low24, 32)).AsInt32();
            Vector512<int> kept = Vector512.LessThan(u, bound);
            *(ushort*)(keep + (j / 4)) = (ushort)kept.ExtractMostSignificantBits();
            (Vector512.Load(x + (2 * j)) * (kept & bits).AsSingle()).Store(y + (2 * j));
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Convert256(ulong* draws, int n, float* x, byte* keep, float* y, int limit, uint scaleBits)
    {
        Vector256<int> bound = Vector256.Create(limit);
        Vector256<int> bits = Vector256.Create((int)scaleBits);
        Vector256<ulong> low24 = Vector256.Create(0xFFFFFFUL);
        int j = 0;
        for (; j <= n - 4; j += 4)
        {
            Vector256<ulong> r = Vector256.Load(draws + j);
            Vector256<int> u = (Vector256.ShiftRightLogical(r, 40) | Vector256.ShiftLeft(Vector256.ShiftRightLogical(r, 8) & low24, 32)).AsInt32();
            Vector256<int> kept = Vector256.LessThan(u, bound);
            keep[j / 4] = (byte)kept.ExtractMostSignificantBits();
            (Vector256.Load(x + (2 * j)) * (kept & bits).AsSingle()).Store(y + (2 * j));
        }

        return j;
    }
}
