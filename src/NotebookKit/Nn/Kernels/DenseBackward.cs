using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// A large dense layer's weight gradient, dW (+)= dyᵀ·x, with each thread writing whole rows of dW in long runs.
/// </summary>
/// <remarks>
/// <para>Through <see cref="Gemm.Multiply"/> (M = out, N = in, K = batch), threads split dW's columns and the blocked
/// loop walks each 32-column strip of C down all its rows: every 8×32 tile writes 128 bytes into each of eight rows
/// 16 KB apart (for a 4096-wide weight), a pattern the hardware prefetchers do not follow, so the store of each
/// tile's lines waited on memory when dW was not in cache (after the rest of a training step it is not). Here threads
/// split dW's rows (output features) into 8-row strips, the k values of a strip (dyᵀ, 8 × batch) are packed once, and
/// x is packed into 32-column panels a block of <see cref="ColumnBlock"/> columns at a time (128 KB at batch 64, kept in
/// L2) that every strip of the thread then runs against: each of a strip's eight rows is written in runs of
/// 2 KB, eight sequential streams.</para>
/// <para>Same bits as <see cref="Gemm.Multiply"/>(transA, M = out, N = in, K = batch) on the AVX-512 path: k runs in
/// the same equal blocks of at most <see cref="Gemm.KC"/>, each block's sum is a fused multiply-add chain over k from
/// zero (the GEMM's own 8 × 32 microkernel, <c>Gemm.Kernel8x32</c>), stored (first block without <c>accumulate</c>) or added to dW in block order. Every element is summed in the
/// same order whatever the thread split.</para>
/// </remarks>
internal static unsafe class DenseBackward
{
    private const int TileRows = 8;
    private const int TileColumns = 32;

    /// <summary>Columns of x packed at once: 16 panels (at batch 64, 128 KB: an L2-resident block every strip reuses).</summary>
    private const int ColumnBlock = 512;

    [ThreadStatic]
    private static float[]? packedX;

    [ThreadStatic]
    private static float[]? packedDy;

    [ThreadStatic]
    private static float[]? edgeTile;

    /// <summary>Whether the weight gradient of a layer of this size runs here: AVX-512 and a weight too large for a core's L2 (2¹⁸ floats).</summary>
    public static bool Applies(int inFeatures, int outFeatures, SimdPath path) =>
        SimdDispatch.Resolve(path) == SimdPath.Vector512 && (long)inFeatures * outFeatures >= 1 << 18;

    /// <summary>dW[out, in] = dyᵀ·x (or += with <paramref name="accumulate"/>) for dy [batch, out] and x [batch, in], on AVX-512, split over <paramref name="threads"/> threads by output features.</summary>
    /// <exception cref="ArgumentException">A size is not positive, a buffer is too short, or the processor lacks AVX-512.</exception>
    public static void WeightGradient(float[] dy, float[] x, float[] weightGradient, int batch, int inFeatures, int outFeatures, bool accumulate, int threads)
    {
        if (batch < 1 || inFeatures < 1 || outFeatures < 1 || threads < 1)
        {
            throw new ArgumentException($"DenseBackward: batch ({batch}), in ({inFeatures}), out ({outFeatures}) and threads ({threads}) must be positive.");
        }

        if (dy.Length < (long)batch * outFeatures || x.Length < (long)batch * inFeatures || weightGradient.Length < (long)outFeatures * inFeatures)
        {
            throw new ArgumentException($"DenseBackward: a buffer is shorter than its shape (batch {batch}, in {inFeatures}, out {outFeatures}).");
        }

        if (!SimdDispatch.HasVector512)
        {
            throw new ArgumentException("DenseBackward: the kernel needs AVX-512.");
        }

        int strips = (outFeatures + TileRows - 1) / TileRows;
        long multiplyAdds = (long)batch * inFeatures * outFeatures;
        int chunks = (int)Math.Min(Math.Min(threads, strips), Math.Max(1, multiplyAdds >> 18));
        if (chunks <= 1)
        {
            RunStrips(dy, x, weightGradient, batch, inFeatures, outFeatures, accumulate, 0, strips);
            return;
        }

        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (s0, s1) = NnThreads.Range(strips, chunks, t);
            RunStrips(dy, x, weightGradient, batch, inFeatures, outFeatures, accumulate, s0, s1);
        });
    }

    /// <summary>Computes dW's row strips [<paramref name="strip0"/>, <paramref name="strip1"/>) over all columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunStrips(float[] dy, float[] x, float[] weightGradient, int batch, int inFeatures, int outFeatures, bool accumulate, int strip0, int strip1)
    {
        int blocks = (batch + Gemm.KC - 1) / Gemm.KC, kcEven = (batch + blocks - 1) / blocks;
        int stripCount = strip1 - strip0;
        int dySize = stripCount * TileRows * kcEven;
        int xSize = ColumnBlock * kcEven;
        if (packedDy is null || packedDy.Length < dySize)
        {
            packedDy = GC.AllocateUninitializedArray<float>(dySize, pinned: true);
        }

        if (packedX is null || packedX.Length < xSize)
        {
            packedX = GC.AllocateUninitializedArray<float>(xSize, pinned: true);
        }

        edgeTile ??= GC.AllocateUninitializedArray<float>((TileRows * TileColumns) + 16, pinned: true);
        float[] bufDy = packedDy, bufX = packedX, bufT = edgeTile;
        fixed (float* pdy = dy, px = x, pw = weightGradient, pa = bufDy, pb = bufX, ptRaw = bufT)
        {
            float* tile = (float*)(((nint)ptRaw + 63) & ~(nint)63);

            // Panels start where dW's rows are 64-byte aligned (every row has the same alignment when in is a multiple
            // of 16), so each 16-float store writes one cache line, not parts of two; the first panel may start before
            // column 0 (its columns there are zeros in the pack and never stored).
            int lead = inFeatures % 16 == 0 ? (int)((16 - (((nint)pw >> 2) & 15)) & 15) : 0;
            int firstColumn = lead == 0 ? 0 : lead - 16;
            int row0 = strip0 * TileRows;
            for (int pc = 0; pc < batch; pc += kcEven)
            {
                int kc = Math.Min(kcEven, batch - pc);
                bool addToC = accumulate || pc > 0;
                PackDyTransposed(pdy, outFeatures, pc, kc, row0, stripCount, pa);
                for (int c0 = firstColumn; c0 < inFeatures; c0 += ColumnBlock)
                {
                    int c1 = Math.Min(inFeatures, c0 + ColumnBlock);
                    int panels = (c1 - c0 + TileColumns - 1) / TileColumns;
                    PackX(px, inFeatures, pc, kc, c0, panels, pb);
                    for (int s = 0; s < stripCount; s++)
                    {
                        int o = row0 + (s * TileRows);
                        int rows = Math.Min(TileRows, outFeatures - o);
                        float* aPanel = pa + ((long)s * TileRows * kc);
                        for (int q = 0; q < panels; q++)
                        {
                            int j = c0 + (q * TileColumns);
                            float* bPanel = pb + ((long)q * TileColumns * kc);
                            if (rows == TileRows && j >= 0 && j + TileColumns <= inFeatures)
                            {
                                Gemm.Kernel8x32(kc, aPanel, bPanel, pw + ((long)o * inFeatures) + j, inFeatures, addToC);
                            }
                            else
                            {
                                // A ragged edge: the whole tile into scratch, then its valid part.
                                Gemm.Kernel8x32(kc, aPanel, bPanel, tile, TileColumns, false);
                                int lo = Math.Max(0, -j), hi = Math.Min(TileColumns, inFeatures - j);
                                for (int r = 0; r < rows; r++)
                                {
                                    float* dst = pw + ((long)(o + r) * inFeatures) + j;
                                    float* src = tile + (r * TileColumns);
                                    for (int c = lo; c < hi; c++)
                                    {
                                        dst[c] = addToC ? dst[c] + src[c] : src[c];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs dyᵀ for the strips: strip s, element (p, r) at s·8·kc + p·8 + r = dy[pc + p, row0 + 8s + r] (zeros past out).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackDyTransposed(float* dy, int outFeatures, int pc, int kc, int row0, int stripCount, float* dst)
    {
        for (int s = 0; s < stripCount; s++)
        {
            int o = row0 + (s * TileRows);
            int rows = Math.Min(TileRows, outFeatures - o);
            float* panel = dst + ((long)s * TileRows * kc);
            for (int p = 0; p < kc; p++)
            {
                float* src = dy + ((long)(pc + p) * outFeatures) + o;
                if (rows == TileRows)
                {
                    Avx.Store(panel + (p * TileRows), Avx.LoadVector256(src));
                    continue;
                }

                for (int r = 0; r < TileRows; r++)
                {
                    panel[(p * TileRows) + r] = r < rows ? src[r] : 0f;
                }
            }
        }
    }

    /// <summary>Packs x[pc..pc+kc, c0..c0+32·panels] into 32-column panels, k-major (element (p, j) of panel q at q·32·kc + p·32 + j), zeros outside [0, in).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackX(float* x, int inFeatures, int pc, int kc, int c0, int panels, float* dst)
    {
        for (int q = 0; q < panels; q++)
        {
            int j = c0 + (q * TileColumns);
            float* panel = dst + ((long)q * TileColumns * kc);
            bool whole = j >= 0 && j + TileColumns <= inFeatures;
            int lo = Math.Max(0, -j), hi = Math.Min(TileColumns, inFeatures - j);
            for (int p = 0; p < kc; p++)
            {
                float* src = x + ((long)(pc + p) * inFeatures) + j;
                float* row = panel + (p * TileColumns);
                if (whole)
                {
                    Avx512F.Store(row, Avx512F.LoadVector512(src));
                    Avx512F.Store(row + 16, Avx512F.LoadVector512(src + 16));
                    continue;
                }

                for (int c = 0; c < TileColumns; c++)
                {
                    row[c] = c >= lo && c < hi ? src[c] : 0f;
                }
            }
        }
    }
}
