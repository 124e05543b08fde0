using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookKit.Nn.Kernels;

// The 8×8 register transpose the packing routines use for Aᵀ-shaped and Bᵀ-shaped reads.
public static unsafe partial class Gemm
{
    /// <summary>Writes the transpose of the 8×8 block at <paramref name="src"/> (row stride <paramref name="lds"/>) to <paramref name="dst"/> (row stride <paramref name="ldd"/>).</summary>
    /// <remarks>The classic AVX sequence: unpack pairs of rows, shuffle pairs of pairs, then swap 128-bit halves.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Transpose8x8(float* src, int lds, float* dst, int ldd)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + lds);
        Vector256<float> r2 = Avx.LoadVector256(src + (2 * lds)), r3 = Avx.LoadVector256(src + (3 * lds));
        Vector256<float> r4 = Avx.LoadVector256(src + (4 * lds)), r5 = Avx.LoadVector256(src + (5 * lds));
        Vector256<float> r6 = Avx.LoadVector256(src + (6 * lds)), r7 = Avx.LoadVector256(src + (7 * lds));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + (2 * ldd), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + (3 * ldd), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + (4 * ldd), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + (5 * ldd), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + (6 * ldd), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + (7 * ldd), Avx.Permute2x128(s3, s7, 0x31));
    }
}
