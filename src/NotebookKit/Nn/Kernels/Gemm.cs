using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>General matrix multiply, C = op(A)·op(B) (+ C): blocked, packed, with a register-tiled microkernel.</summary>
/// <remarks>
/// <para>The BLIS structure (Goto &amp; van de Geijn 2008; Van Zee &amp; van de Geijn 2015): op(B) is packed
/// into <c>NR</c>-column panels of <see cref="KC"/> rows, op(A) into <c>MR</c>-row panels, and the microkernel keeps
/// an <c>MR</c>×<c>NR</c> tile of C in registers for a whole <see cref="KC"/> block: 8×32 (sixteen zmm
/// accumulators) with AVX-512, 6×16 (twelve ymm) with AVX2+FMA, and a plain loop otherwise.</para>
/// <para>Threads split the columns of C into contiguous, panel-aligned chunks. Every element of C is summed in
/// the same order whatever the thread count (k in equal blocks of at most <see cref="KC"/>, each block added to C in turn), so
/// results are bit-identical for any thread count on one instruction set. Different instruction sets and the
/// reference loop round differently (float32 tolerance).</para>
/// <para>Matrices are row-major; op(X) is X or its transpose; <c>ld</c> is the stride between rows as stored.</para>
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Depth of a packed block: an A micro-panel (8×256 floats) and a B micro-panel (256×32) stay in L1/L2.</summary>
    public const int KC = 256;

    /// <summary>Rows of A packed at once (a 128×256 block is 128 KB, kept in L2).</summary>
    public const int MC = 128;

    [ThreadStatic]
    private static float[]? packA;

    [ThreadStatic]
    private static float[]? packB;

    [ThreadStatic]
    private static float[]? edgeTile;

    /// <summary>Computes C[m×n] = op(A)[m×k] · op(B)[k×n], or adds the product to C when <paramref name="accumulate"/> is set.</summary>
    /// <param name="transA">Use Aᵀ: A is stored k×m.</param>
    /// <param name="transB">Use Bᵀ: B is stored n×k.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="a">A, row-major with row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">B, row-major with row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="c">C, row-major with row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Threads to split the columns of C over (1 = the calling thread only).</param>
    /// <param name="path">Force an instruction set (tests); <see cref="SimdPath.Auto"/> picks the best.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a stride is too small, or a buffer is too short.</exception>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc,
        bool accumulate = false, int threads = 1, SimdPath path = SimdPath.Auto)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, threads);
        if (m == 0 || n == 0)
        {
            return;
        }

        path = SimdDispatch.Resolve(path);
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (path == SimdPath.Scalar)
            {
                Reference(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
                return;
            }

            if (k == 0)
            {
                if (!accumulate)
                {
                    for (int i = 0; i < m; i++)
                    {
                        new Span<float>(pc + ((long)i * ldc), n).Clear();
                    }
                }

                return;
            }

            Run(new Job(transA, transB, m, k, pa, lda, pb, ldb, pc, ldc, accumulate, path), n, threads, path);
        }
    }

    /// <summary>
    /// Computes C[m×(OH·OW)] = A[m×(C·kh·kw)] · im2col(image), or adds the product to C: a convolution as a GEMM whose
    /// B operand is packed straight from the image (implicit im2col), so the column matrix is never materialised.
    /// </summary>
    /// <remarks>
    /// Gives the same bits as <see cref="Im2Col.Unfold"/> followed by <see cref="Multiply"/> on the same path: only the
    /// packing reads differently; every element is summed in the same order. The scalar path unfolds and runs the
    /// reference loop.
    /// </remarks>
    /// <param name="m">Rows of C (output channels).</param>
    /// <param name="a">A [m × C·kh·kw] (the weight, PyTorch layout [out, C, kh, kw]), row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A.</param>
    /// <param name="image">One image [C, H, W].</param>
    /// <param name="geometry">The convolution's geometry (channels, size, kernel, stride, padding).</param>
    /// <param name="c">C [m × OH·OW], row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Threads to split the columns of C over.</param>
    /// <param name="path">Force an instruction set (tests); <see cref="SimdPath.Auto"/> picks the best.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is out of range, or a buffer is too short.</exception>
    public static void MultiplyUnfolded(
        int m, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> image, in ConvGeometry geometry, Span<float> c, int ldc,
        bool accumulate = false, int threads = 1, SimdPath path = SimdPath.Auto)
    {
        Im2Col.CheckGeometry(geometry, image.Length);
        int n = geometry.OutputHeight * geometry.OutputWidth, k = geometry.PatchSize;
        Validate(false, false, m, n, k, a.Length, lda, k * n, n, c.Length, ldc, threads);
        if (m == 0)
        {
            return;
        }

        path = SimdDispatch.Resolve(path);
        if (path == SimdPath.Scalar)
        {
            float[] columns = System.Buffers.ArrayPool<float>.Shared.Rent(k * n);
            Im2Col.Unfold(image, geometry, columns);
            fixed (float* pa = a, pb = columns, pc = c)
            {
                Reference(false, false, m, n, k, pa, lda, pb, n, pc, ldc, accumulate);
            }

            System.Buffers.ArrayPool<float>.Shared.Return(columns);
            return;
        }

        fixed (float* pa = a, pb = image, pc = c)
        {
            Run(new Job(false, false, m, k, pa, lda, pb, n, pc, ldc, accumulate, path, unfoldB: true, geometry), n, threads, path);
        }
    }

    /// <summary>
    /// Computes C[m×(C·kh·kw)] = A[m×(OH·OW)] · im2col(image)ᵀ, or adds the product to C: a convolution's weight
    /// gradient (A = dy) as a GEMM whose transposed B operand is packed straight from the image (implicit im2col).
    /// </summary>
    /// <remarks>
    /// Gives the same bits as <see cref="Im2Col.Unfold"/> followed by <see cref="Multiply"/> with <c>transB</c> on the
    /// same path: eight rows of the column matrix at a time are unfolded into an L1 scratch block and transposed into
    /// the packed panel through registers. The scalar path unfolds and runs the reference loop.
    /// </remarks>
    /// <param name="m">Rows of C (output channels).</param>
    /// <param name="a">A [m × OH·OW] (the output gradient of one image), row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A.</param>
    /// <param name="image">One image [C, H, W].</param>
    /// <param name="geometry">The convolution's geometry (channels, size, kernel, stride, padding).</param>
    /// <param name="c">C [m × C·kh·kw] (the weight gradient, PyTorch layout [out, C, kh, kw]), row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Threads to split the columns of C over.</param>
    /// <param name="path">Force an instruction set (tests); <see cref="SimdPath.Auto"/> picks the best.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is out of range, or a buffer is too short.</exception>
    public static void MultiplyUnfoldedTransposed(
        int m, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> image, in ConvGeometry geometry, Span<float> c, int ldc,
        bool accumulate = false, int threads = 1, SimdPath path = SimdPath.Auto)
    {
        Im2Col.CheckGeometry(geometry, image.Length);
        int k = geometry.OutputHeight * geometry.OutputWidth, n = geometry.PatchSize;
        Validate(false, true, m, n, k, a.Length, lda, k * n, k, c.Length, ldc, threads);
        if (m == 0)
        {
            return;
        }

        path = SimdDispatch.Resolve(path);
        if (path == SimdPath.Scalar)
        {
            float[] columns = System.Buffers.ArrayPool<float>.Shared.Rent(k * n);
            Im2Col.Unfold(image, geometry, columns);
            fixed (float* pa = a, pb = columns, pc = c)
            {
                Reference(false, true, m, n, k, pa, lda, pb, k, pc, ldc, accumulate);
            }

            System.Buffers.ArrayPool<float>.Shared.Return(columns);
            return;
        }

        fixed (float* pa = a, pb = image, pc = c)
        {
            Run(new Job(false, true, m, k, pa, lda, pb, k, pc, ldc, accumulate, path, unfoldB: true, geometry), n, threads, path);
        }
    }

    private static void Run(Job job, int n, int threads, SimdPath path)
    {
        int nr = path == SimdPath.Vector512 ? 32 : 16;
        int panels = (n + nr - 1) / nr;
        int chunks = Math.Min(threads, panels);
        if (chunks <= 1)
        {
            job.Run(0, n);
            return;
        }

        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (p0, p1) = NnThreads.Range(panels, chunks, t);
            job.Run(p0 * nr, Math.Min(n, p1 * nr));
        });
    }

    /// <summary>The plain triple loop every fast path is tested against: C = op(A)·op(B) (+ C), summing k in order.</summary>
    public static void MultiplyReference(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate = false)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc, 1);
        fixed (float* pa = a, pb = b, pc = c)
        {
            Reference(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
        }
    }


    private static void Validate(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        CheckMatrix("A", transA ? k : m, transA ? m : k, aLength, lda);
        CheckMatrix("B", transB ? n : k, transB ? k : n, bLength, ldb);
        CheckMatrix("C", m, n, cLength, ldc);
    }

    private static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(nameof(ld), $"GEMM: the row stride of {name} ({ld}) is smaller than its {cols} columns.");
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"GEMM: {name} is {rows}x{cols} with row stride {ld} and needs {needed} values; the buffer holds {length}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private static void Reference(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[((long)p * lda) + i] : a[((long)i * lda) + p];
                    float bv = transB ? b[((long)j * ldb) + p] : b[((long)p * ldb) + j];
                    sum += av * bv;
                }

                float* cij = c + ((long)i * ldc) + j;
                *cij = accumulate ? *cij + sum : sum;
            }
        }
    }

    /// <summary>One multiply's arguments, so each thread can run its column range.</summary>
    /// <remarks>With <c>unfoldB</c>, <c>b</c> is an image and B its im2col matrix under <c>geometry</c> (op(B) = Bᵀ with <c>transB</c>).</remarks>
    private readonly struct Job(
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
                            PackB(pc, kc, col0 + jr, nb, nr, pB, pT + (8 * 32));
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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void PackB(int pc, int kc, int col0, int ncols, int nr, float* dst, float* scratch)
        {
            for (int jr = 0; jr < ncols; jr += nr)
            {
                int nb = Math.Min(nr, ncols - jr);
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

    /// <summary>Writes the transpose of the 8×8 block at <paramref name="src"/> (row stride <paramref name="lds"/>) to <paramref name="dst"/> (row stride <paramref name="ldd"/>).</summary>
    /// <remarks>The classic AVX sequence: unpack pairs of rows, shuffle pairs of pairs, then swap 128-bit halves.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8x8(float* src, int lds, float* dst, int ldd)
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

    /// <summary>An 8×32 tile of C in sixteen zmm registers: per k, two B loads, eight broadcasts, sixteen FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(int kc, float* a, float* b, float* c, int ldc, bool addToC)
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
