using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// The forward pass of a stride-1 convolution with a small patch (C·k·k ≤ <see cref="MaxPatch"/>: an RGB image's
/// first layer), vectorised over output pixels: each output vector is Σ_κ W[o, κ]·x_padded[row + offset_κ], the input
/// read in place from a zero-padded copy of the image and the weights broadcast.
/// </summary>
/// <remarks>
/// The general path (<see cref="Gemm.MultiplyUnfolded"/>) packs a K = C·k·k ≤ 32 deep B panel per 32 output pixels,
/// which for such short sums costs about as much as the multiplies. Here each output is summed in the same order as
/// that GEMM's microkernel (from zero over κ = (channel, kernel row, kernel column), then added to the bias) and ReLU
/// is the same max(·, 0), so the result is the same to the bit on the same instruction set (tested).
/// </remarks>
internal static unsafe partial class FewChannelConv
{
    /// <summary>The largest patch C·k·k this kernel takes.</summary>
    public const int MaxPatch = 32;

    // Output channels per register block on AVX2: with two vectors of pixels, eight accumulators (fits its 16 registers);
    // AVX-512 (32 registers) runs blocks of 2·Block (Tile8).
    private const int Block = 4;

    [ThreadStatic]
    private static float[]? paddedBuffer;

    [ThreadStatic]
    private static float[]? weightBuffer;

    [ThreadStatic]
    private static float[]? gradientBuffer;

    [ThreadStatic]
    private static float[]? sumBuffer;

    /// <summary>Whether the geometry is one this kernel computes: a square kernel, stride 1 and a patch of at most <see cref="MaxPatch"/> values.</summary>
    public static bool Supports(in ConvGeometry g) =>
        g.Stride == 1 && g.KernelHeight == g.KernelWidth && g.PatchSize <= MaxPatch && g.OutputHeight >= 1 && g.OutputWidth >= 1;

    /// <summary>
    /// y = W·im2col(x) + bias for one image, with max(·, 0) when <paramref name="relu"/> is set: the same values as
    /// <see cref="Gemm.MultiplyUnfolded"/> onto a bias-filled output followed by <see cref="Elementwise.Relu"/>.
    /// </summary>
    /// <param name="weight">[out, C·k·k], PyTorch's layout.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="bias">[out].</param>
    /// <param name="image">[C, H, W].</param>
    /// <param name="geometry">C, H, W, the kernel and the padding (stride 1).</param>
    /// <param name="output">[out, OH, OW], overwritten.</param>
    /// <param name="relu">Apply max(·, 0).</param>
    /// <param name="path">Vector512 or Vector256 (Auto resolves; Scalar is not this kernel's).</param>
    public static void Forward(
        ReadOnlySpan<float> weight, int outChannels, ReadOnlySpan<float> bias, ReadOnlySpan<float> image, in ConvGeometry geometry, Span<float> output, bool relu,
        SimdPath path = SimdPath.Auto) =>
        ForwardCore(weight, outChannels, bias, image, geometry, output, relu, null, path);

    private static void ForwardCore(
        ReadOnlySpan<float> weight, int outChannels, ReadOnlySpan<float> bias, ReadOnlySpan<float> image, in ConvGeometry geometry, Span<float> output, bool relu,
        double* sums, SimdPath path)
    {
        int patch = geometry.PatchSize, spatial = geometry.OutputHeight * geometry.OutputWidth;
        if (!Supports(geometry) || weight.Length < outChannels * patch || bias.Length != outChannels
            || image.Length < geometry.Channels * geometry.Height * geometry.Width || output.Length < (long)outChannels * spatial)
        {
            throw new ArgumentException($"FewChannelConv: {geometry} with {outChannels} outputs needs stride 1, a patch of at most {MaxPatch} values and matching buffers.");
        }

        path = SimdDispatch.Resolve(path);
        fixed (float* w = weight, b = bias, x = image, y = output)
        {
            switch (path)
            {
                case SimdPath.Vector512:
                    Run<Lanes512, Vector512<float>>(w, outChannels, b, x, geometry, y, relu, sums);
                    break;
                case SimdPath.Vector256:
                    Run<Lanes256, Vector256<float>>(w, outChannels, b, x, geometry, y, relu, sums);
                    break;
                default:
                    throw new ArgumentException("FewChannelConv runs on the Vector512 and Vector256 paths; the scalar path is the GEMM's reference loop.");
            }
        }
    }

    /// <summary>
    /// <see cref="Forward(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, in ConvGeometry, Span{float}, bool, SimdPath)"/>
    /// (the same output, bit for bit), and Σy and Σy² of each output channel's plane as written (after the bias and the
    /// ReLU): the statistics a following batch norm needs, taken while the values are in registers.
    /// </summary>
    /// <remarks>
    /// Each channel keeps one vector of Σy and one of Σy² (fused multiply-add) across its plane's rows and pixel runs, in
    /// row order, lanes past a row's end adding zero; the lanes are then added in double, first to last. A fixed order
    /// for given sizes that depends on this image only; other orders agree to float32 rounding.
    /// </remarks>
    /// <param name="weight">[out, C·k·k], PyTorch's layout.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="bias">[out].</param>
    /// <param name="image">[C, H, W].</param>
    /// <param name="geometry">C, H, W, the kernel and the padding (stride 1).</param>
    /// <param name="output">[out, OH, OW], overwritten.</param>
    /// <param name="relu">Apply max(·, 0).</param>
    /// <param name="outputSums">[out, 2]: Σy then Σy² of each output plane, overwritten.</param>
    /// <param name="path">Vector512 or Vector256 (Auto resolves; Scalar is not this kernel's).</param>
    public static void ForwardAndSum(
        ReadOnlySpan<float> weight, int outChannels, ReadOnlySpan<float> bias, ReadOnlySpan<float> image, in ConvGeometry geometry, Span<float> output, bool relu,
        Span<double> outputSums, SimdPath path = SimdPath.Auto)
    {
        if (outputSums.Length < 2L * outChannels)
        {
            throw new ArgumentException($"FewChannelConv: the sums of {outChannels} output channels need {2L * outChannels} values, got {outputSums.Length}.");
        }

        fixed (double* sums = outputSums)
        {
            ForwardCore(weight, outChannels, bias, image, geometry, output, relu, sums, path);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TL, TV>(float* weight, int outChannels, float* bias, float* x, in ConvGeometry g, float* y, bool relu, double* outputSums)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count, chunk = 2 * lanes, patch = g.PatchSize, k = g.KernelHeight;
        int ph = g.Height + (2 * g.Padding), pw = g.Width + (2 * g.Padding), oh = g.OutputHeight, ow = g.OutputWidth;
        long planeLength = (long)ph * pw;

        // The zero-padded image; a last chunk of a row may read up to two vectors past the last plane's end.
        float* padded = Scratch(ref paddedBuffer, (g.Channels * planeLength) + (2 * chunk));
        Pad(x, g, padded, pw, planeLength);
        new Span<float>(padded + (g.Channels * planeLength), 2 * chunk).Clear();

        // Weights in blocks of `size` output channels (8 on AVX-512, 4 on AVX2), [block][κ][size] (zeros past the last
        // channel), so a step of κ reads one run.
        int size = lanes == 16 ? 2 * Block : Block, blocks = (outChannels + size - 1) / size;
        float* w = Scratch(ref weightBuffer, (long)blocks * patch * size);
        for (int o = 0; o < blocks * size; o++)
        {
            for (int kappa = 0; kappa < patch; kappa++)
            {
                w[((((o / size) * patch) + kappa) * size) + (o % size)] = o < outChannels ? weight[(o * patch) + kappa] : 0f;
            }
        }

        // Offset of κ = (c, i, j) in the padded image, relative to the output pixel's top-left input.
        int* offsets = stackalloc int[MaxPatch];
        for (int kappa = 0; kappa < patch; kappa++)
        {
            int c = kappa / (k * k), i = kappa / k % k, j = kappa % k;
            offsets[kappa] = (int)((c * planeLength) + (i * pw) + j);
        }

        float* tail = stackalloc float[2 * 16];
        float* sums = stackalloc float[2 * Block * 2 * 16];

        // With output sums: per channel of the block, a vector of Σy lanes, then one of Σy² lanes.
        float* laneSums = stackalloc float[2 * Block * 2 * 16];
        bool summing = outputSums is not null;
        for (int block = 0; block < blocks; block++)
        {
            int o0 = block * size, rows = Math.Min(size, outChannels - o0);
            float* wb = w + ((long)block * patch * size);
            new Span<float>(laneSums, 2 * Block * 2 * 16).Clear();
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox0 = 0; ox0 < ow; ox0 += chunk)
                {
                    if (size == Block)
                    {
                        Tile<TL, TV>(padded + ((long)oy * pw) + ox0, offsets, patch, wb, sums);
                    }
                    else
                    {
                        Tile8<TL, TV>(padded + ((long)oy * pw) + ox0, offsets, patch, wb, sums);
                    }

                    int count = Math.Min(chunk, ow - ox0);
                    long at = ((long)oy * ow) + ox0;
                    for (int r = 0; r < rows; r++)
                    {
                        Write<TL, TV>(
                            TL.Load(sums + (2 * r * lanes)), TL.Load(sums + (((2 * r) + 1) * lanes)), bias[o0 + r], relu, y + ((long)(o0 + r) * oh * ow) + at, count, tail,
                            summing, laneSums + (2 * r * lanes));
                    }
                }
            }

            if (outputSums is not null)
            {
                for (int r = 0; r < rows; r++)
                {
                    outputSums[2 * (o0 + r)] = Widen(laneSums + (2 * r * lanes), lanes);
                    outputSums[(2 * (o0 + r)) + 1] = Widen(laneSums + (((2 * r) + 1) * lanes), lanes);
                }
            }
        }
    }

    // A channel's lane sums added in double, first to last.
    private static double Widen(float* lanes, int count)
    {
        double sum = 0;
        for (int l = 0; l < count; l++)
        {
            sum += lanes[l];
        }

        return sum;
    }

    // The register tile: four output channels × two vectors of pixels, Σ_κ w[κ]·x[source + offset_κ] from zero in κ
    // order, stored to `sums` at the end. Its own method with no call inside, so the eight sums stay in registers.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TL, TV>(float* source, int* offsets, int patch, float* weights, float* sums)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count;
        TV a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        for (int kappa = 0; kappa < patch; kappa++)
        {
            float* s = source + offsets[kappa];
            TV b0 = TL.Load(s), b1 = TL.Load(s + lanes);
            float* wk = weights + (kappa * Block);
            TV v = TL.Broadcast(wk[0]);
            a00 = TL.MultiplyAdd(v, b0, a00);
            a01 = TL.MultiplyAdd(v, b1, a01);
            v = TL.Broadcast(wk[1]);
            a10 = TL.MultiplyAdd(v, b0, a10);
            a11 = TL.MultiplyAdd(v, b1, a11);
            v = TL.Broadcast(wk[2]);
            a20 = TL.MultiplyAdd(v, b0, a20);
            a21 = TL.MultiplyAdd(v, b1, a21);
            v = TL.Broadcast(wk[3]);
            a30 = TL.MultiplyAdd(v, b0, a30);
            a31 = TL.MultiplyAdd(v, b1, a31);
        }

        TL.Store(sums, a00);
        TL.Store(sums + lanes, a01);
        TL.Store(sums + (2 * lanes), a10);
        TL.Store(sums + (3 * lanes), a11);
        TL.Store(sums + (4 * lanes), a20);
        TL.Store(sums + (5 * lanes), a21);
        TL.Store(sums + (6 * lanes), a30);
        TL.Store(sums + (7 * lanes), a31);
    }

    // The AVX-512 register tile: eight output channels × two vectors of pixels (16 of the 32 registers), the same sums
    // in the same order as Tile's; each pair of input loads feeds sixteen FMAs instead of eight.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile8<TL, TV>(float* source, int* offsets, int patch, float* weights, float* sums)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count;
        TV a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
        TV a40 = default, a41 = default, a50 = default, a51 = default, a60 = default, a61 = default, a70 = default, a71 = default;
        for (int kappa = 0; kappa < patch; kappa++)
        {
            float* s = source + offsets[kappa];
            TV b0 = TL.Load(s), b1 = TL.Load(s + lanes);
            float* wk = weights + (kappa * 2 * Block);
            TV v = TL.Broadcast(wk[0]);
            a00 = TL.MultiplyAdd(v, b0, a00);
            a01 = TL.MultiplyAdd(v, b1, a01);
            v = TL.Broadcast(wk[1]);
            a10 = TL.MultiplyAdd(v, b0, a10);
            a11 = TL.MultiplyAdd(v, b1, a11);
            v = TL.Broadcast(wk[2]);
            a20 = TL.MultiplyAdd(v, b0, a20);
            a21 = TL.MultiplyAdd(v, b1, a21);
            v = TL.Broadcast(wk[3]);
            a30 = TL.MultiplyAdd(v, b0, a30);
            a31 = TL.MultiplyAdd(v, b1, a31);
            v = TL.Broadcast(wk[4]);
            a40 = TL.MultiplyAdd(v, b0, a40);
            a41 = TL.MultiplyAdd(v, b1, a41);
            v = TL.Broadcast(wk[5]);
            a50 = TL.MultiplyAdd(v, b0, a50);
            a51 = TL.MultiplyAdd(v, b1, a51);
            v = TL.Broadcast(wk[6]);
            a60 = TL.MultiplyAdd(v, b0, a60);
            a61 = TL.MultiplyAdd(v, b1, a61);
            v = TL.Broadcast(wk[7]);
            a70 = TL.MultiplyAdd(v, b0, a70);
            a71 = TL.MultiplyAdd(v, b1, a71);
        }

        TL.Store(sums, a00);
        TL.Store(sums + lanes, a01);
        TL.Store(sums + (2 * lanes), a10);
        TL.Store(sums + (3 * lanes), a11);
        TL.Store(sums + (4 * lanes), a20);
        TL.Store(sums + (5 * lanes), a21);
        TL.Store(sums + (6 * lanes), a30);
        TL.Store(sums + (7 * lanes), a31);
        TL.Store(sums + (8 * lanes), a40);
        TL.Store(sums + (9 * lanes), a41);
        TL.Store(sums + (10 * lanes), a50);
        TL.Store(sums + (11 * lanes), a51);
        TL.Store(sums + (12 * lanes), a60);
        TL.Store(sums + (13 * lanes), a61);
        TL.Store(sums + (14 * lanes), a70);
        TL.Store(sums + (15 * lanes), a71);
    }

    // bias + sum (the GEMM adds its sum to the bias-filled output), max(·, 0), then `count` floats to the output row;
    // when summing, the values written (zeros past `count`) are added to laneSums' Σy and Σy² vectors.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write<TL, TV>(TV sum0, TV sum1, float bias, bool relu, float* destination, int count, float* tail, bool summing, float* laneSums)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV add = TL.Broadcast(bias);
        TV v0 = TL.Add(add, sum0), v1 = TL.Add(add, sum1);
        if (relu)
        {
            v0 = TL.WherePositive(v0, v0);
            v1 = TL.WherePositive(v1, v1);
        }

        int lanes = TL.Count;
        if (count == 2 * lanes)
        {
            TL.Store(destination, v0);
            TL.Store(destination + lanes, v1);
        }
        else
        {
            TL.Store(tail, v0);
            TL.Store(tail + lanes, v1);
            new ReadOnlySpan<float>(tail, count).CopyTo(new Span<float>(destination, count));
            if (!summing)
            {
                return;
            }

            new Span<float>(tail + count, (2 * lanes) - count).Clear();
            v0 = TL.Load(tail);
            v1 = TL.Load(tail + lanes);
        }

        if (summing)
        {
            TL.Store(laneSums, TL.Add(TL.Add(TL.Load(laneSums), v0), v1));
            TL.Store(laneSums + lanes, TL.MultiplyAdd(v1, v1, TL.MultiplyAdd(v0, v0, TL.Load(laneSums + lanes))));
        }
    }

    // x [C, H, W] into [C, H + 2p, W + 2p] with zeros around.
    private static void Pad(float* x, in ConvGeometry g, float* padded, int pw, long planeLength)
    {
        int p = g.Padding, h = g.Height, width = g.Width;
        for (int c = 0; c < g.Channels; c++)
        {
            float* plane = padded + (c * planeLength);
            new Span<float>(plane, p * pw).Clear();
            for (int row = 0; row < h; row++)
            {
                float* dst = plane + ((long)(row + p) * pw);
                new Span<float>(dst, p).Clear();
                new ReadOnlySpan<float>(x + ((((long)c * h) + row) * width), width).CopyTo(new Span<float>(dst + p, width));
                new Span<float>(dst + p + width, p).Clear();
            }

            new Span<float>(plane + ((long)(h + p) * pw), p * pw).Clear();
        }
    }

    private static float* Scratch(ref float[]? buffer, long length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateArray<float>((int)length, pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref buffer[0]);
    }
}
