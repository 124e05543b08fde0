using System.Runtime.CompilerServices;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

// The blocked loop one thread runs over its columns of C: k blocks, packing, then the microkernel over each tile.
public static unsafe partial class Gemm
{
    /// <summary>One multiply's arguments, so each thread can run its column range.</summary>
    /// <remarks>With <c>unfoldB</c>, <c>b</c> is an image and B its im2col matrix under <c>geometry</c> (op(B) = Bᵀ with <c>transB</c>).</remarks>
    private readonly partial struct Job(
        bool transA, bool transB, int m, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate, SimdPath path,
        bool unfoldB = false, ConvGeometry geometry = default)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int col0, int col1)
        {
            int mr = path == SimdPath.Vector512 ? 8 : 6;
            int nr = path == SimdPath.Vector512 ? 32 : 16;
            int ncols = col1 - col0;
            int bPanels = (ncols + nr - 1) / nr;
            int mcRounded = ((Math.Min(MC, m) + mr - 1) / mr) * mr;
            int bSize = bPanels * nr * KC;
            int aSize = mcRounded * KC;
            if (packB is null || packB.Length < bSize)
            {
                packB = GC.AllocateUninitializedArray<float>(bSize, pinned: true);
            }

            if (packA is null || packA.Length < aSize)
            {
                packA = GC.AllocateUninitializedArray<float>(aSize, pinned: true);
            }

            // The edge tile (8×32) and, after it, the implicit transposed im2col's scratch block (8×KC).
            edgeTile ??= GC.AllocateUninitializedArray<float>((8 * 32) + (8 * KC), pinned: true);
            float[] bufA = packA, bufB = packB, tile = edgeTile;
            fixed (float* pA = bufA, pB = bufB, pT = tile)
            {
                // Equal blocks of at most KC (k = 288 → 2 × 144, not 256 + 32): a short last block would pay a full
                // load and store of every C tile for a few multiply-adds.
                int blocks = (k + KC - 1) / KC, kcEven = (k + blocks - 1) / blocks;
                for (int pc = 0; pc < k; pc += kcEven)
                {
                    int kc = Math.Min(kcEven, k - pc);
                    bool addToC = accumulate || pc > 0;
                    if (m <= MC)
                    {
                        // One row block (the convolutions' 32 or 64 output channels): pack each B panel just before
                        // its microkernels run, so the panel is still in L1 when they read it. Packing every panel
                        // first would stream a kc×ncols block (590 KB for a 32×32 image) through L2 and back.
                        PackA(0, m, pc, kc, mr, pA);
                        for (int jr = 0; jr < ncols; jr += nr)
                        {
                            int nb = Math.Min(nr, ncols - jr);
                            PackB(pc, kc, col0 + jr, nb, nr, pB, pT + (8 * 32), Math.Min(nr, ncols - jr - nb));
                            RowPanels(m, kc, pA, pB, c + col0 + jr, nb, nr, mr, pT, addToC);
                        }

                        continue;
                    }

                    PackB(pc, kc, col0, ncols, nr, pB, pT + (8 * 32));
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        PackA(ic, mc, pc, kc, mr, pA);
                        for (int jr = 0; jr < ncols; jr += nr)
                        {
                            int nb = Math.Min(nr, ncols - jr);
                            float* bPanel = pB + ((long)(jr / nr) * nr * kc);
                            RowPanels(mc, kc, pA, bPanel, c + ((long)ic * ldc) + col0 + jr, nb, nr, mr, pT, addToC);
                        }
                    }
                }
            }
        }

        /// <summary>Runs the microkernel down one packed B panel: every mr-row panel of the packed A block against it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RowPanels(int mc, int kc, float* pA, float* bPanel, float* cColumn, int nb, int nr, int mr, float* pT, bool addToC)
        {
            for (int ir = 0; ir < mc; ir += mr)
            {
                int mb = Math.Min(mr, mc - ir);
                float* aPanel = pA + ((long)(ir / mr) * mr * kc);
                float* cTile = cColumn + ((long)ir * ldc);
                if (mb == mr && nb == nr)
                {
                    Micro(kc, aPanel, bPanel, cTile, ldc, addToC);
                }
                else
                {
                    // Ragged edge: compute the full tile into scratch, then copy the valid part.
                    Micro(kc, aPanel, bPanel, pT, nr, false);
                    for (int i = 0; i < mb; i++)
                    {
                        float* dst = cTile + ((long)i * ldc);
                        float* src = pT + (i * nr);
                        for (int j = 0; j < nb; j++)
                        {
                            dst[j] = addToC ? dst[j] + src[j] : src[j];
                        }
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Micro(int kc, float* ap, float* bp, float* ct, int ldct, bool addToC)
        {
            if (path == SimdPath.Vector512)
            {
                Kernel8x32(kc, ap, bp, ct, ldct, addToC);
            }
            else
            {
                Kernel6x16(kc, ap, bp, ct, ldct, addToC);
            }
        }
    }
}
