using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>General matrix multiply, C = op(A)·op(B) (+ C): blocked, packed, with a register-tiled microkernel.</summary>
/// <remarks>
/// <para>The BLIS structure (Goto &amp; van de Geijn 2008; Van Zee &amp; van de Geijn 2015): op(B) is packed
/// into <c>NR</c>-column panels of <see cref="KC"/> rows, op(A) into <c>MR</c>-row panels, and the microkernel keeps
/// an <c>MR</c>×<c>NR</c> tile of C in registers for a whole <see cref="KC"/> block: 8×32 (sixteen zmm
/// accumulators) with AVX-512, 6×16 (twelve ymm) with AVX2+FMA, and a plain loop otherwise.</para>
/// <para>Threads split the columns of C into contiguous, panel-aligned chunks (no more chunks than blocks of
/// 2¹⁸ multiply-adds: a thread must be worth waking). Every element of C is summed in
/// the same order whatever the thread count (k in equal blocks of at most <see cref="KC"/>, each block added to C in turn), so
/// results are bit-identical for any thread count on one instruction set. Different instruction sets and the
/// reference loop round differently (float32 tolerance).</para>
/// <para>Matrices are row-major; op(X) is X or its transpose; <c>ld</c> is the stride between rows as stored.</para>
/// </remarks>
public static unsafe partial class Gemm
{
    /// <summary>Depth of a packed block: an A micro-panel (8×256 floats) and a B micro-panel (256×32) stay in L1/L2.</summary>
    public const int KC = 256;

    /// <summary>Rows of A packed at once (a 128×256 block is 128 KB, kept in L2).</summary>
    public const int MC = 128;

    /// <summary>Floats in an operand too large for a core's L2 (1 MB): the size from which the packing and tile loops prefetch.</summary>
    private const long LargeOperand = 1 << 18;

    /// <summary>The fewest multiply-adds worth a thread of their own (about 5 µs at one core's peak).</summary>
    private const long MinMultiplyAddsPerThread = 1 << 18;

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

            Run(new Job(transA, transB, m, k, pa, lda, pb, ldb, pc, ldc, accumulate, path), m, n, k, threads, path);
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
            Run(new Job(false, false, m, k, pa, lda, pb, n, pc, ldc, accumulate, path, unfoldB: true, geometry), m, n, k, threads, path);
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
            Run(new Job(false, true, m, k, pa, lda, pb, k, pc, ldc, accumulate, path, unfoldB: true, geometry), m, n, k, threads, path);
        }
    }

    private static void Run(Job job, int m, int n, int k, int threads, SimdPath path)
    {
        int nr = path == SimdPath.Vector512 ? 32 : 16;
        int panels = (n + nr - 1) / nr;

        // Each thread must get enough multiply-adds to pay for waking it: a small dense layer's product (10 outputs,
        // a few microseconds of work) ran slower on two threads than on one. Columns only are split, so the count
        // never changes a bit of the result.
        long perThread = Math.Max(1, (long)m * n * k / MinMultiplyAddsPerThread);
        int chunks = (int)Math.Min(Math.Min(threads, panels), perThread);
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

    /// <summary>
    /// <see cref="Multiply"/> on one thread without argument checks, for kernels that call it on their own scratch
    /// buffers (Winograd's transformed-domain products). <paramref name="path"/> must be resolved.
    /// </summary>
    internal static void MultiplyUnchecked(
        bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate, SimdPath path)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (path == SimdPath.Scalar)
        {
            Reference(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    new Span<float>(c + ((long)i * ldc), n).Clear();
                }
            }

            return;
        }

        new Job(transA, transB, m, k, a, lda, b, ldb, c, ldc, accumulate, path).Run(0, n);
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
}
