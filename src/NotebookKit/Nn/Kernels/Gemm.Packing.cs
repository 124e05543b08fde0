using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace NotebookKit.Nn.Kernels;

// Packing op(A) into row panels and op(B) (a matrix, its transpose, or an image through implicit im2col) into column panels.
public static unsafe partial class Gemm
{
    private readonly partial struct Job
    {
        /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] into mr-row panels, k-major inside a panel, zero-padding the last panel.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackA(int ic, int mc, int pc, int kc, int mr, float* dst)
        {
            for (int ir = 0; ir < mc; ir += mr)
            {
                int mb = Math.Min(mr, mc - ir);
                if (!transA && mb == 8 && mr == 8)
                {
                    // A full 8-row panel is the transpose of eight rows of A: 8×8 blocks through registers, as for Bᵀ.
                    // Element by element this gather cost a tenth of the multiply for the convolutions' dy and W.
                    float* rows = a + ((long)(ic + ir) * lda) + pc;
                    int p8 = kc & ~7, q = 0;
                    for (; q < p8; q += 8)
                    {
                        Transpose8x8(rows + q, lda, dst + (q * 8), 8);
                    }

                    for (; q < kc; q++)
                    {
                        for (int i = 0; i < 8; i++)
                        {
                            dst[(q * 8) + i] = rows[((long)i * lda) + q];
                        }
                    }

                    dst += kc * 8;
                    continue;
                }

                for (int p = 0; p < kc; p++)
                {
                    int i = 0;
                    if (transA)
                    {
                        // Aᵀ: the mr values of one k are contiguous in A's row p.
                        float* src = a + ((long)(pc + p) * lda) + ic + ir;
                        for (; i < mb; i++)
                        {
                            dst[i] = src[i];
                        }
                    }
                    else
                    {
                        float* src = a + ((long)(ic + ir) * lda) + pc + p;
                        for (; i < mb; i++)
                        {
                            dst[i] = src[(long)i * lda];
                        }
                    }

                    for (; i < mr; i++)
                    {
                        dst[i] = 0f;
                    }

                    dst += mr;
                }
            }
        }

        /// <summary>Packs op(B)[pc..pc+kc, col0..col0+ncols] into nr-column panels, zero-padding the last panel.</summary>
        /// <remarks>
        /// While packing a panel of a stored B (not an image), the next panel's source lines are requested into L2: the
        /// one after it in this block, or the <paramref name="nextColumns"/> columns that follow the block (the panel the
        /// caller packs next). A panel's source is short runs far apart (a weight's rows are 16 KB apart), which the
        /// hardware prefetchers do not follow, so without this each panel began with a wait on memory.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackB(int pc, int kc, int col0, int ncols, int nr, float* dst, float* scratch, int nextColumns = 0)
        {
            for (int jr = 0; jr < ncols; jr += nr)
            {
                int nb = Math.Min(nr, ncols - jr);
                int nextCount = jr + nr < ncols ? Math.Min(nr, ncols - jr - nr) : nextColumns;
                if (unfoldB && transB)
                {
                    // Implicit im2col, transposed: unfold 8 rows of the column matrix (8 of the panel's columns) into
                    // the scratch block, then transpose 8×8 blocks of it into the panel. Rows past nb are zeros.
                    int p8 = kc & ~7;
                    for (int j = 0; j < nr; j += 8)
                    {
                        int jb = Math.Clamp(nb - j, 0, 8);
                        Im2Col.UnfoldBlock(b, geometry, col0 + jr + j, jb, pc, kc, scratch, kc);
                        new Span<float>(scratch + (jb * kc), (8 - jb) * kc).Clear();
                        for (int p = 0; p < p8; p += 8)
                        {
                            Transpose8x8(scratch + p, kc, dst + (p * nr) + j, nr);
                        }

                        for (int p = p8; p < kc; p++)
                        {
                            for (int i = 0; i < 8; i++)
                            {
                                dst[(p * nr) + j + i] = scratch[(i * kc) + p];
                            }
                        }
                    }

                    dst += kc * nr;
                }
                else if (unfoldB)
                {
                    // Implicit im2col: the panel's rows come straight from the image's rows.
                    Im2Col.UnfoldBlock(b, geometry, pc, kc, col0 + jr, nb, dst, nr);
                    dst += kc * nr;
                }
                else if (!transB)
                {
                    float* src = b + ((long)pc * ldb) + col0 + jr;
                    for (int p = 0; p < kc; p++)
                    {
                        if (nextCount > 0)
                        {
                            // The next panel's part of this row: its first, middle and last element cover its lines.
                            Sse.Prefetch1(src + nr);
                            Sse.Prefetch1(src + nr + (nextCount / 2));
                            Sse.Prefetch1(src + nr + nextCount - 1);
                        }

                        // A full row of the panel is one contiguous copy.
                        new ReadOnlySpan<float>(src, nb).CopyTo(new Span<float>(dst, nb));
                        if (nb < nr)
                        {
                            new Span<float>(dst + nb, nr - nb).Clear();
                        }

                        src += ldb;
                        dst += nr;
                    }
                }
                else
                {
                    // Bᵀ: a transpose. Full 8×8 blocks go through registers (Transpose8x8); the ragged rest is
                    // copied element by element. A plain element-wise transpose costs more than the multiply itself.
                    int p8 = kc & ~7, j8 = nb & ~7;
                    for (int j = 0; j < j8; j += 8)
                    {
                        float* src = b + ((long)(col0 + jr + j) * ldb) + pc;
                        for (int p = 0; p < p8; p += 8)
                        {
                            Transpose8x8(src + p, ldb, dst + (p * nr) + j, nr);
                        }

                        // The next panel's rows j..j+8: each a contiguous run of kc values.
                        for (int i = j; i < Math.Min(j + 8, nextCount); i++)
                        {
                            float* next = src + ((long)(nr + i - j) * ldb);
                            for (int q = 0; q < kc; q += 16)
                            {
                                Sse.Prefetch1(next + q);
                            }

                            Sse.Prefetch1(next + kc - 1);
                        }
                    }

                    for (int j = 0; j < nr; j++)
                    {
                        float* src = b + ((long)(col0 + jr + j) * ldb) + pc;
                        for (int p = j < j8 ? p8 : 0; p < kc; p++)
                        {
                            dst[(p * nr) + j] = j < nb ? src[p] : 0f;
                        }
                    }

                    dst += kc * nr;
                }
            }
        }
    }
}
