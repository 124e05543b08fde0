using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// A large dense layer's forward pass, y = b + x·Wᵀ, computed as its transpose yᵀ = b + W·xᵀ so that W [out, in] is read
/// where it lies: the microkernel broadcasts from eight of W's rows at once and never packs W.
/// </summary>
/// <remarks>
/// <para>Through <see cref="Gemm.Multiply"/>, W is op(B) = Wᵀ and has to be packed (an 8×8-transposing copy) into
/// 32-column panels every step: for MiniVGGNet's 4096 → 512 layer an 8 MB read, an 8 MB write into the packing buffer
/// and its read back, against a product of 2 × 64 × 512 × 4096 flops. Here W is the row operand: an 8-row strip of it
/// times a packed 32-column panel of xᵀ (the batch, small and packed once per k block) gives an 8 (outputs) × 32
/// (images) tile of yᵀ in sixteen zmm registers, each W value one broadcast straight from its row. yᵀ accumulates in a
/// per-thread scratch that starts from the bias and is transposed into y (8×8 register transposes) at the end.</para>
/// <para>Same bits as <see cref="Gemm.Multiply"/>(x, Wᵀ) on the AVX-512 path starting from the bias: k runs in the same
/// equal blocks of at most <see cref="Gemm.KC"/>, each block's sum is a fused multiply-add chain over k from zero
/// (w·x and x·w are the same product) and is added to the running value in block order. Threads split W's rows
/// (output features); every element is summed in the same order whatever the split.</para>
/// </remarks>
internal static unsafe class DenseForward
{
    private const int TileRows = 8;
    private const int TileColumns = 32;

    // Zeros standing in for the rows of a ragged last strip past W's end (at most KC values are read from a row per block).
    private static readonly float[] ZeroRow = GC.AllocateArray<float>(Gemm.KC, pinned: true);

    [ThreadStatic]
    private static float[]? packedX;

    [ThreadStatic]
    private static float[]? transposedY;

    /// <summary>Whether the forward pass of a layer of this size runs here: AVX-512, a weight too large for a core's L2 (2¹⁸ floats, where packing it is a memory pass), and at least a full 32-image panel.</summary>
    public static bool Applies(int batch, int inFeatures, int outFeatures, SimdPath path) =>
        SimdDispatch.Resolve(path) == SimdPath.Vector512 && (long)inFeatures * outFeatures >= 1 << 18 && batch >= TileColumns;

    /// <summary>y[batch, out] = bias + x[batch, in]·Wᵀ with W [out, in], on AVX-512, split over <paramref name="threads"/> threads by output features.</summary>
    /// <exception cref="ArgumentException">A size is not positive, a buffer is too short, or the processor lacks AVX-512.</exception>
    public static void Forward(float[] x, float[] weight, float[] bias, float[] y, int batch, int inFeatures, int outFeatures, int threads)
    {
        if (batch < 1 || inFeatures < 1 || outFeatures < 1 || threads < 1)
        {
            throw new ArgumentException($"DenseForward: batch ({batch}), in ({inFeatures}), out ({outFeatures}) and threads ({threads}) must be positive.");
        }

        if (x.Length < (long)batch * inFeatures || weight.Length < (long)outFeatures * inFeatures || bias.Length < outFeatures || y.Length < (long)batch * outFeatures)
        {
            throw new ArgumentException($"DenseForward: a buffer is shorter than its shape (batch {batch}, in {inFeatures}, out {outFeatures}).");
        }

        if (!SimdDispatch.HasVector512)
        {
            throw new ArgumentException("DenseForward: the kernel needs AVX-512.");
        }

        int strips = (outFeatures + TileRows - 1) / TileRows;
        long multiplyAdds = (long)batch * inFeatures * outFeatures;
        int chunks = (int)Math.Min(Math.Min(threads, strips), Math.Max(1, multiplyAdds >> 18));
        if (chunks <= 1)
        {
            RunStrips(x, weight, bias, y, batch, inFeatures, outFeatures, 0, strips);
            return;
        }

        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (s0, s1) = NnThreads.Range(strips, chunks, t);
            RunStrips(x, weight, bias, y, batch, inFeatures, outFeatures, s0, s1);
        });
    }

    /// <summary>Computes the outputs of W's row strips [<paramref name="strip0"/>, <paramref name="strip1"/>) for the whole batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunStrips(float[] x, float[] weight, float[] bias, float[] y, int batch, int inFeatures, int outFeatures, int strip0, int strip1)
    {
        int panels = (batch + TileColumns - 1) / TileColumns;
        int ldt = panels * TileColumns;
        int rows = (strip1 - strip0) * TileRows;
        int row0 = strip0 * TileRows, row1 = Math.Min(outFeatures, strip1 * TileRows);
        int packSize = panels * TileColumns * Gemm.KC;
        if (packedX is null || packedX.Length < packSize)
        {
            packedX = GC.AllocateUninitializedArray<float>(packSize, pinned: true);
        }

        if (transposedY is null || transposedY.Length < rows * ldt)
        {
            transposedY = GC.AllocateUninitializedArray<float>(rows * ldt, pinned: true);
        }

        float[] pack = packedX, yt = transposedY;
        fixed (float* px = x, pw = weight, pb = bias, py = y, pp = pack, pt = yt, zero = ZeroRow)
        {
            // yᵀ starts from the bias (rows of a ragged last strip from zero; they are never written out).
            for (int r = 0; r < rows; r++)
            {
                int o = row0 + r;
                new Span<float>(pt + ((long)r * ldt), ldt).Fill(o < outFeatures ? pb[o] : 0f);
            }

            int blocks = (inFeatures + Gemm.KC - 1) / Gemm.KC, kcEven = (inFeatures + blocks - 1) / blocks;
            float** a = stackalloc float*[TileRows];
            for (int pc = 0; pc < inFeatures; pc += kcEven)
            {
                int kc = Math.Min(kcEven, inFeatures - pc);
                PackTransposed(px, batch, inFeatures, pc, kc, panels, pp);
                for (int s = strip0; s < strip1; s++)
                {
                    for (int i = 0; i < TileRows; i++)
                    {
                        int o = (s * TileRows) + i;
                        a[i] = o < outFeatures ? pw + ((long)o * inFeatures) + pc : zero;
                    }

                    float* tile = pt + ((long)(s - strip0) * TileRows * ldt);
                    for (int jp = 0; jp < panels; jp++)
                    {
                        Kernel8x32(kc, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], pp + ((long)jp * TileColumns * kc), tile + (jp * TileColumns), ldt);
                    }
                }
            }

            // y[b, o] = yᵀ[o, b]: 8×8 register transposes, the ragged rest one by one.
            int r8 = (row1 - row0) & ~7, b8 = batch & ~7;
            for (int r = 0; r < r8; r += 8)
            {
                for (int b = 0; b < b8; b += 8)
                {
                    Gemm.Transpose8x8(pt + ((long)r * ldt) + b, ldt, py + ((long)b * outFeatures) + row0 + r, outFeatures);
                }
            }

            for (int r = 0; r < row1 - row0; r++)
            {
                for (int b = r < r8 ? b8 : 0; b < batch; b++)
                {
                    py[((long)b * outFeatures) + row0 + r] = pt[((long)r * ldt) + b];
                }
            }
        }
    }

    /// <summary>Packs xᵀ[pc..pc+kc, all images] into 32-column panels, k-major (element (p, j) of panel q at q·32·kc + p·32 + j), zeros past the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposed(float* x, int batch, int inFeatures, int pc, int kc, int panels, float* dst)
    {
        int p8 = kc & ~7;
        for (int q = 0; q < panels; q++)
        {
            float* panel = dst + ((long)q * TileColumns * kc);
            int j0 = q * TileColumns;
            int jb = Math.Min(TileColumns, batch - j0), j8 = jb & ~7;
            for (int j = 0; j < j8; j += 8)
            {
                float* src = x + ((long)(j0 + j) * inFeatures) + pc;
                for (int p = 0; p < p8; p += 8)
                {
                    Gemm.Transpose8x8(src + p, inFeatures, panel + (p * TileColumns) + j, TileColumns);
                }
            }

            for (int j = 0; j < TileColumns; j++)
            {
                float* src = x + ((long)(j0 + j) * inFeatures) + pc;
                for (int p = j < j8 ? p8 : 0; p < kc; p++)
                {
                    panel[(p * TileColumns) + j] = j < jb ? src[p] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// Adds W-strip · panel to an 8×32 tile of yᵀ: per k, two loads of the packed xᵀ panel, eight broadcasts, one from
    /// each of W's rows <paramref name="a0"/>..<paramref name="a7"/> (read in place), and sixteen FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(int kc, float* a0, float* a1, float* a2, float* a3, float* a4, float* a5, float* a6, float* a7, float* b, float* c, int ldc)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Avx512F.LoadVector512(b);
            Vector512<float> b1 = Avx512F.LoadVector512(b + 16);
            Vector512<float> w = Vector512.Create(a0[p]);
            c00 = Avx512F.FusedMultiplyAdd(w, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(w, b1, c01);
            w = Vector512.Create(a1[p]);
            c10 = Avx512F.FusedMultiplyAdd(w, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(w, b1, c11);
            w = Vector512.Create(a2[p]);
            c20 = Avx512F.FusedMultiplyAdd(w, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(w, b1, c21);
            w = Vector512.Create(a3[p]);
            c30 = Avx512F.FusedMultiplyAdd(w, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(w, b1, c31);
            w = Vector512.Create(a4[p]);
            c40 = Avx512F.FusedMultiplyAdd(w, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(w, b1, c41);
            w = Vector512.Create(a5[p]);
            c50 = Avx512F.FusedMultiplyAdd(w, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(w, b1, c51);
            w = Vector512.Create(a6[p]);
            c60 = Avx512F.FusedMultiplyAdd(w, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(w, b1, c61);
            w = Vector512.Create(a7[p]);
            c70 = Avx512F.FusedMultiplyAdd(w, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(w, b1, c71);
            b += TileColumns;
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
