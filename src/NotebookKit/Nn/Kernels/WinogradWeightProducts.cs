using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// The weight gradient's transformed-domain products on AVX-512, M_ξ[out][in] += dŶ_ξ[out][tiles] · V_ξ[in][tiles]ᵀ,
/// without packing dŶ: the 8×32 microkernel broadcasts its eight A values straight from dŶ's rows.
/// </summary>
/// <remarks>
/// <para>The GEMM these replace packed both operands per point and per block: dŶ's rows into 8-row panels and V's into
/// 32-column panels, each through 8×8 register transposes (the tiles, the sum's index, run along both operands' rows).
/// A broadcast reads one float wherever it lies, so dŶ needs no panel: only V is transposed, one 32-channel panel of at
/// most <see cref="Gemm.KC"/> tiles at a time, which then stays in L1 while every 8-row block of output channels runs
/// against it.</para>
/// <para>The tiles are cut into the same equal blocks of at most <see cref="Gemm.KC"/> as in <see cref="Gemm"/>, each
/// element is summed over a block in tile order by one chain of fused multiply-adds and the block's sum added to M:
/// the same operations in the same order as <see cref="Gemm.MultiplyUnchecked"/>, so the same bits.</para>
/// </remarks>
internal static unsafe class WinogradWeightProducts
{
    /// <summary>Columns of a panel (one 8×32 microkernel tile).</summary>
    private const int PanelColumns = 32;

    [ThreadStatic]
    private static float[]? panelBuffer;

    /// <summary>Whether <see cref="Accumulate(float*, long, float*, long, int, int, int, float*)"/> computes these sizes: AVX-512, output channels in whole 8-row blocks, input channels in whole 32-column panels.</summary>
    public static bool Supports(int outChannels, int inChannels) =>
        SimdDispatch.HasVector512 && outChannels % 8 == 0 && inChannels % PanelColumns == 0;

    /// <summary>
    /// <see cref="Accumulate(float*, long, float*, long, int, int, int, float*, float*, long)"/> on checked buffers, requesting
    /// the lines of <paramref name="upcoming"/> (default: none) between the microkernels.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes are not ones this kernel computes, or a buffer is too short.</exception>
    public static void Accumulate(
        ReadOnlySpan<float> dyHat, long dyStride, ReadOnlySpan<float> v, long vStride, int outChannels, int inChannels, int columns, Span<float> m,
        ReadOnlySpan<float> upcoming = default)
    {
        if (!Supports(outChannels, inChannels) || columns < 0 || dyStride < (long)outChannels * columns || vStride < (long)inChannels * columns
            || dyHat.Length < (35 * dyStride) + ((long)outChannels * columns) || v.Length < (35 * vStride) + ((long)inChannels * columns)
            || m.Length != Winograd.Points * outChannels * inChannels)
        {
            throw new ArgumentException($"Winograd weight products: {outChannels}x{inChannels} channels and {columns} tiles do not fit the kernel or the buffers ({dyHat.Length}, {v.Length}, {m.Length} values).");
        }

        fixed (float* pd = dyHat, pv = v, pm = m, pu = upcoming)
        {
            Accumulate(pd, dyStride, pv, vStride, outChannels, inChannels, columns, pm, upcoming.IsEmpty ? null : pu, upcoming.Length);
        }
    }

    /// <summary>M_ξ += dŶ_ξ·V_ξᵀ for the 36 points ξ.</summary>
    /// <param name="dyHat">dŶ: point ξ at <c>dyHat + ξ·dyStride</c>, [out][columns] row-major.</param>
    /// <param name="dyStride">Floats between dŶ's points.</param>
    /// <param name="v">V: point ξ at <c>v + ξ·vStride</c>, [in][columns] row-major.</param>
    /// <param name="vStride">Floats between V's points.</param>
    /// <param name="outChannels">Rows of dŶ and of M (a multiple of 8).</param>
    /// <param name="inChannels">Rows of V, columns of M (a multiple of 32).</param>
    /// <param name="columns">Tiles: the sum's length, and the row length of dŶ and V.</param>
    /// <param name="m">M [36][out][in], accumulated.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(float* dyHat, long dyStride, float* v, long vStride, int outChannels, int inChannels, int columns, float* m) =>
        Accumulate(dyHat, dyStride, v, vStride, outChannels, inChannels, columns, m, upcoming: null, upcomingFloats: 0);

    /// <summary>
    /// <see cref="Accumulate(float*, long, float*, long, int, int, int, float*)"/>, also requesting the cache lines of
    /// [<paramref name="upcoming"/>, <paramref name="upcoming"/> + <paramref name="upcomingFloats"/>) into L1, a few
    /// before each microkernel, spread evenly over them: the products run from L2 and leave the memory idle, so data the
    /// caller reads next (the next block's output gradient) arrives meanwhile. Prefetches only: the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(
        float* dyHat, long dyStride, float* v, long vStride, int outChannels, int inChannels, int columns, float* m, float* upcoming, long upcomingFloats)
    {
        if (columns == 0)
        {
            return;
        }

        // Issued a few at a time: a burst of thousands would fill the core's miss buffers and stall the microkernels.
        long calls = (long)Winograd.Points * ((columns + Gemm.KC - 1) / Gemm.KC) * (inChannels / PanelColumns) * (outChannels / 8);
        long linesPerCall = upcoming is null ? 0 : ((((upcomingFloats + 15) / 16) + calls - 1) / calls);
        float* upcomingEnd = upcoming + Math.Max(0, upcomingFloats);
        panelBuffer ??= GC.AllocateUninitializedArray<float>(Gemm.KC * PanelColumns, pinned: true);
        int blocks = (columns + Gemm.KC - 1) / Gemm.KC, blockLength = (columns + blocks - 1) / blocks;
        fixed (float* panel = panelBuffer)
        {
            for (int xi = 0; xi < Winograd.Points; xi++)
            {
                float* a = dyHat + (xi * dyStride), b = v + (xi * vStride), c = m + ((long)xi * outChannels * inChannels);
                for (int p0 = 0; p0 < columns; p0 += blockLength)
                {
                    int kc = Math.Min(blockLength, columns - p0);
                    for (int i0 = 0; i0 < inChannels; i0 += PanelColumns)
                    {
                        PackPanel(b + ((long)i0 * columns) + p0, columns, kc, panel);
                        for (int o0 = 0; o0 < outChannels; o0 += 8)
                        {
                            for (long l = 0; l < linesPerCall && upcoming < upcomingEnd; l++, upcoming += 16)
                            {
                                Sse.Prefetch0(upcoming);
                            }

                            Kernel8x32(kc, a + ((long)o0 * columns) + p0, columns, panel, c + ((long)o0 * inChannels) + i0, inChannels);
                        }
                    }
                }
            }
        }
    }

    // panel[t][j] = V[j][t] for 32 rows j (stride `columns`) and kc tiles t: 8×8 register transposes, the ragged last
    // tiles one by one.
    private static void PackPanel(float* rows, int columns, int kc, float* panel)
    {
        int k8 = kc & ~7;
        for (int j = 0; j < PanelColumns; j += 8)
        {
            float* source = rows + ((long)j * columns);
            for (int t = 0; t < k8; t += 8)
            {
                Gemm.Transpose8x8(source + t, columns, panel + (t * PanelColumns) + j, PanelColumns);
            }

            for (int t = k8; t < kc; t++)
            {
                for (int i = 0; i < 8; i++)
                {
                    panel[(t * PanelColumns) + j + i] = source[((long)i * columns) + t];
                }
            }
        }
    }

    // C[8×32] += Σ_t A[r][t]·panel[t][·]: sixteen zmm accumulators, per tile two panel loads, eight broadcasts read
    // straight from A's rows, sixteen FMAs (Gemm's 8×32 kernel with an unpacked A).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(int kc, float* a, int lda, float* b, float* c, int ldc)
    {
        float* a0 = a, a1 = a + lda, a2 = a + (2 * lda), a3 = a + (3 * lda);
        float* a4 = a + (4 * lda), a5 = a + (5 * lda), a6 = a + (6 * lda), a7 = a + (7 * lda);
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Avx512F.LoadVector512(b);
            Vector512<float> b1 = Avx512F.LoadVector512(b + 16);
            Vector512<float> x = Vector512.Create(a0[p]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[p]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[p]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[p]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[p]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[p]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a6[p]);
            c60 = Avx512F.FusedMultiplyAdd(x, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a7[p]);
            c70 = Avx512F.FusedMultiplyAdd(x, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            b += PanelColumns;
        }

        AddRow(c, c00, c01);
        AddRow(c + ldc, c10, c11);
        AddRow(c + (2 * ldc), c20, c21);
        AddRow(c + (3 * ldc), c30, c31);
        AddRow(c + (4 * ldc), c40, c41);
        AddRow(c + (5 * ldc), c50, c51);
        AddRow(c + (6 * ldc), c60, c61);
        AddRow(c + (7 * ldc), c70, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow(float* row, Vector512<float> v0, Vector512<float> v1)
    {
        Avx512F.Store(row, Avx512F.Add(Avx512F.LoadVector512(row), v0));
        Avx512F.Store(row + 16, Avx512F.Add(Avx512F.LoadVector512(row + 16), v1));
    }
}
