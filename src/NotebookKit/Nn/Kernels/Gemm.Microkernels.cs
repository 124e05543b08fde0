using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

// The register-tiled microkernels: 8×32 on AVX-512, 6×16 on AVX2+FMA.
public static unsafe partial class Gemm
{
    /// <summary>Runs the path's microkernel: C[mr×nr] (+)= A panel · B panel over <paramref name="kc"/> packed k-values.</summary>
    /// <remarks>For kernels that pack their own panels (Winograd): A is mr-row panels k-major, B nr-column panels k-major.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Microkernel(SimdPath path, int kc, float* a, float* b, float* c, int ldc, bool addToC)
    {
        if (path == SimdPath.Vector512)
        {
            Kernel8x32(kc, a, b, c, ldc, addToC);
        }
        else
        {
            Kernel6x16(kc, a, b, c, ldc, addToC);
        }
    }

    /// <summary>Rows of the path's microkernel tile (8 with AVX-512, 6 with AVX2).</summary>
    internal static int TileRows(SimdPath path) => path == SimdPath.Vector512 ? 8 : 6;

    /// <summary>Columns of the path's microkernel tile (32 with AVX-512, 16 with AVX2).</summary>
    internal static int TileColumns(SimdPath path) => path == SimdPath.Vector512 ? 32 : 16;

    /// <summary>An 8×32 tile of C in sixteen zmm registers: per k, two B loads, eight broadcasts, sixteen FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Kernel8x32(int kc, float* a, float* b, float* c, int ldc, bool addToC)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Avx512F.LoadVector512(b);
            Vector512<float> b1 = Avx512F.LoadVector512(b + 16);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(x, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(x, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            a += 8;
            b += 32;
        }

        Store512(c, c00, c01, addToC);
        Store512(c + ldc, c10, c11, addToC);
        Store512(c + (2 * ldc), c20, c21, addToC);
        Store512(c + (3 * ldc), c30, c31, addToC);
        Store512(c + (4 * ldc), c40, c41, addToC);
        Store512(c + (5 * ldc), c50, c51, addToC);
        Store512(c + (6 * ldc), c60, c61, addToC);
        Store512(c + (7 * ldc), c70, c71, addToC);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* row, Vector512<float> v0, Vector512<float> v1, bool addToC)
    {
        if (addToC)
        {
            v0 = Avx512F.Add(Avx512F.LoadVector512(row), v0);
            v1 = Avx512F.Add(Avx512F.LoadVector512(row + 16), v1);
        }

        Avx512F.Store(row, v0);
        Avx512F.Store(row + 16, v1);
    }

    /// <summary>A 6×16 tile of C in twelve ymm registers: per k, two B loads, six broadcasts, twelve FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, float* b, float* c, int ldc, bool addToC)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadVector256(b);
            Vector256<float> b1 = Avx.LoadVector256(b + 8);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            a += 6;
            b += 16;
        }

        Store256(c, c00, c01, addToC);
        Store256(c + ldc, c10, c11, addToC);
        Store256(c + (2 * ldc), c20, c21, addToC);
        Store256(c + (3 * ldc), c30, c31, addToC);
        Store256(c + (4 * ldc), c40, c41, addToC);
        Store256(c + (5 * ldc), c50, c51, addToC);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* row, Vector256<float> v0, Vector256<float> v1, bool addToC)
    {
        if (addToC)
        {
            v0 = Avx.Add(Avx.LoadVector256(row), v0);
            v1 = Avx.Add(Avx.LoadVector256(row + 8), v1);
        }

        Avx.Store(row, v0);
        Avx.Store(row + 8, v1);
    }
}
