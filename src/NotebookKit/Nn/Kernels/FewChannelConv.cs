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
internal static unsafe class FewChannelConv
{
    /// <summary>The largest patch C·k·k this kernel takes.</summary>
    public const int MaxPatch = 32;

    // Output channels per register block; with two vectors of pixels, eight accumulators (fits AVX2's 16 registers).
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

    /// <summary>
    /// dW[o, κ] += Σ over the images' output pixels of dy[n, o, pixel]·x_padded[n, pixel + offset_κ]: the weight
    /// gradient PyTorch's conv2d backward gives (dW += Σ_n dy_n·im2col(x_n)ᵀ).
    /// </summary>
    /// <param name="outputGradient">dy [images, out, OH, OW].</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="input">x [images, C, H, W], the forward's input.</param>
    /// <param name="images">Images to sum over.</param>
    /// <param name="geometry">C, H, W, the kernel and the padding (stride 1).</param>
    /// <param name="weightGradient">[out, C·k·k], accumulated.</param>
    /// <param name="path">Vector512 or Vector256 (Auto resolves; Scalar is not this kernel's).</param>
    /// <remarks>
    /// Each (o, κ) keeps one vector of partial sums over the images, rows and pixel runs (in that order), whose lanes
    /// are added first to last at the end: a fixed order for given sizes, not the GEMM's (the two agree to float32
    /// rounding).
    /// </remarks>
    public static void AccumulateWeightGradient(
        ReadOnlySpan<float> outputGradient, int outChannels, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, Span<float> weightGradient,
        SimdPath path = SimdPath.Auto)
    {
        int patch = geometry.PatchSize, spatial = geometry.OutputHeight * geometry.OutputWidth;
        long imageLength = (long)geometry.Channels * geometry.Height * geometry.Width;
        if (!Supports(geometry) || images < 0 || outputGradient.Length < (long)images * outChannels * spatial || weightGradient.Length < outChannels * patch
            || input.Length < images * imageLength)
        {
            throw new ArgumentException($"FewChannelConv: {images} images of {geometry} with {outChannels} outputs need stride 1, a patch of at most {MaxPatch} values and matching buffers.");
        }

        path = SimdDispatch.Resolve(path);
        fixed (float* dy = outputGradient, x = input, dw = weightGradient)
        {
            switch (path)
            {
                case SimdPath.Vector512:
                    WeightGradient<Lanes512, Vector512<float>>(dy, outChannels, x, images, geometry, dw);
                    break;
                case SimdPath.Vector256:
                    WeightGradient<Lanes256, Vector256<float>>(dy, outChannels, x, images, geometry, dw);
                    break;
                default:
                    throw new ArgumentException("FewChannelConv runs on the Vector512 and Vector256 paths; the scalar path is the GEMM's reference loop.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradient<TL, TV>(float* dy, int outChannels, float* x, int images, in ConvGeometry g, float* dw)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count, patch = g.PatchSize, k = g.KernelHeight;
        int ph = g.Height + (2 * g.Padding), pw = g.Width + (2 * g.Padding), oh = g.OutputHeight, ow = g.OutputWidth;
        long planeLength = (long)ph * pw, imageLength = (long)g.Channels * g.Height * g.Width, spatial = (long)oh * ow;
        float* padded = Scratch(ref paddedBuffer, (g.Channels * planeLength) + (4 * lanes));
        new Span<float>(padded + (g.Channels * planeLength), 4 * lanes).Clear();
        int* offsets = stackalloc int[MaxPatch];
        for (int kappa = 0; kappa < patch; kappa++)
        {
            int c = kappa / (k * k), i = kappa / k % k, j = kappa % k;
            offsets[kappa] = (int)((c * planeLength) + (i * pw) + j);
        }

        // Vector partial sums [out][κ, padded to 8][lanes]: a tile past the last κ writes into the padding.
        int patchStride = (patch + 7) & ~7;
        long sumsLength = (long)outChannels * patchStride * lanes;
        float* sums = Scratch(ref sumBuffer, sumsLength);
        new Span<float>(sums, (int)sumsLength).Clear();

        // dy with each row's last run zero-padded to a whole vector, so its lanes past the row add nothing; four
        // output channels at a time, [channel][row][run].
        int runs = (ow + lanes - 1) / lanes, rowLength = runs * lanes;
        long channelLength = (long)oh * rowLength;
        float* rows = Scratch(ref gradientBuffer, 4 * channelLength);
        for (int n = 0; n < images; n++)
        {
            Pad(x + (n * imageLength), g, padded, pw, planeLength);
            for (int o0 = 0; o0 < outChannels; o0 += 4)
            {
                int block = Math.Min(4, outChannels - o0);
                for (int r = 0; r < block; r++)
                {
                    for (int oy = 0; oy < oh; oy++)
                    {
                        float* dst = rows + (r * channelLength) + ((long)oy * rowLength);
                        new ReadOnlySpan<float>(dy + (((n * outChannels) + o0 + r) * spatial) + ((long)oy * ow), ow).CopyTo(new Span<float>(dst, ow));
                        new Span<float>(dst + ow, rowLength - ow).Clear();
                    }
                }

                if (lanes == 16 && block == 4)
                {
                    // AVX-512 (32 registers): four channels × four κ per tile, each x load feeding four FMAs.
                    for (int kappa0 = 0; kappa0 < patch; kappa0 += 4)
                    {
                        GradientTile4x4<TL, TV>(rows, channelLength, oh, runs, padded, pw, offsets + kappa0, Math.Min(4, patch - kappa0), sums + ((((long)o0 * patchStride) + kappa0) * lanes), patchStride * lanes);
                    }

                    continue;
                }

                for (int r = 0; r < block; r++)
                {
                    for (int kappa0 = 0; kappa0 < patch; kappa0 += 8)
                    {
                        GradientTile<TL, TV>(rows + (r * channelLength), oh, runs, padded, pw, offsets + kappa0, Math.Min(8, patch - kappa0), sums + ((((long)(o0 + r) * patchStride) + kappa0) * lanes));
                    }
                }
            }
        }

        for (int o = 0; o < outChannels; o++)
        {
            for (int kappa = 0; kappa < patch; kappa++)
            {
                dw[(o * patch) + kappa] += TL.SumLanes(TL.Load(sums + ((((long)o * patchStride) + kappa) * lanes)));
            }
        }
    }

    // Four output channels × four (or fewer) κ: adds to sixteen vectors of partial sums, channel c's at sums + c·channelStride.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void GradientTile4x4<TL, TV>(float* rows, long channelLength, int oh, int runs, float* padded, int pw, int* offsets, int count, float* sums, int channelStride)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count;
        int o0 = offsets[0], o1 = count > 1 ? offsets[1] : o0, o2 = count > 2 ? offsets[2] : o0, o3 = count > 3 ? offsets[3] : o0;
        float* c0 = sums, c1 = sums + channelStride, c2 = sums + (2 * channelStride), c3 = sums + (3 * channelStride);
        TV s00 = TL.Load(c0), s01 = TL.Load(c0 + lanes), s02 = TL.Load(c0 + (2 * lanes)), s03 = TL.Load(c0 + (3 * lanes));
        TV s10 = TL.Load(c1), s11 = TL.Load(c1 + lanes), s12 = TL.Load(c1 + (2 * lanes)), s13 = TL.Load(c1 + (3 * lanes));
        TV s20 = TL.Load(c2), s21 = TL.Load(c2 + lanes), s22 = TL.Load(c2 + (2 * lanes)), s23 = TL.Load(c2 + (3 * lanes));
        TV s30 = TL.Load(c3), s31 = TL.Load(c3 + lanes), s32 = TL.Load(c3 + (2 * lanes)), s33 = TL.Load(c3 + (3 * lanes));
        for (int oy = 0; oy < oh; oy++)
        {
            float* d = rows + ((long)oy * runs * lanes);
            float* xr = padded + ((long)oy * pw);
            for (int r = 0; r < runs; r++)
            {
                float* dr = d + (r * lanes);
                TV g0 = TL.Load(dr), g1 = TL.Load(dr + channelLength), g2 = TL.Load(dr + (2 * channelLength)), g3 = TL.Load(dr + (3 * channelLength));
                float* xs = xr + (r * lanes);
                TV v = TL.Load(xs + o0);
                s00 = TL.MultiplyAdd(g0, v, s00);
                s10 = TL.MultiplyAdd(g1, v, s10);
                s20 = TL.MultiplyAdd(g2, v, s20);
                s30 = TL.MultiplyAdd(g3, v, s30);
                v = TL.Load(xs + o1);
                s01 = TL.MultiplyAdd(g0, v, s01);
                s11 = TL.MultiplyAdd(g1, v, s11);
                s21 = TL.MultiplyAdd(g2, v, s21);
                s31 = TL.MultiplyAdd(g3, v, s31);
                v = TL.Load(xs + o2);
                s02 = TL.MultiplyAdd(g0, v, s02);
                s12 = TL.MultiplyAdd(g1, v, s12);
                s22 = TL.MultiplyAdd(g2, v, s22);
                s32 = TL.MultiplyAdd(g3, v, s32);
                v = TL.Load(xs + o3);
                s03 = TL.MultiplyAdd(g0, v, s03);
                s13 = TL.MultiplyAdd(g1, v, s13);
                s23 = TL.MultiplyAdd(g2, v, s23);
                s33 = TL.MultiplyAdd(g3, v, s33);
            }
        }

        TL.Store(c0, s00);
        TL.Store(c0 + lanes, s01);
        TL.Store(c0 + (2 * lanes), s02);
        TL.Store(c0 + (3 * lanes), s03);
        TL.Store(c1, s10);
        TL.Store(c1 + lanes, s11);
        TL.Store(c1 + (2 * lanes), s12);
        TL.Store(c1 + (3 * lanes), s13);
        TL.Store(c2, s20);
        TL.Store(c2 + lanes, s21);
        TL.Store(c2 + (2 * lanes), s22);
        TL.Store(c2 + (3 * lanes), s23);
        TL.Store(c3, s30);
        TL.Store(c3 + lanes, s31);
        TL.Store(c3 + (2 * lanes), s32);
        TL.Store(c3 + (3 * lanes), s33);
    }

    // Eight (or fewer) κ of one output channel: adds Σ over rows and pixel runs of dy·x[pixel + offset_κ] to one vector
    // of partial sums each. Its own method with no call inside, so the sums stay in registers.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void GradientTile<TL, TV>(float* rows, int oh, int runs, float* padded, int pw, int* offsets, int count, float* sums)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count;
        int o0 = offsets[0], o1 = count > 1 ? offsets[1] : o0, o2 = count > 2 ? offsets[2] : o0, o3 = count > 3 ? offsets[3] : o0;
        int o4 = count > 4 ? offsets[4] : o0, o5 = count > 5 ? offsets[5] : o0, o6 = count > 6 ? offsets[6] : o0, o7 = count > 7 ? offsets[7] : o0;
        TV s0 = TL.Load(sums), s1 = TL.Load(sums + lanes), s2 = TL.Load(sums + (2 * lanes)), s3 = TL.Load(sums + (3 * lanes));
        TV s4 = TL.Load(sums + (4 * lanes)), s5 = TL.Load(sums + (5 * lanes)), s6 = TL.Load(sums + (6 * lanes)), s7 = TL.Load(sums + (7 * lanes));
        for (int oy = 0; oy < oh; oy++)
        {
            float* d = rows + ((long)oy * runs * lanes);
            float* xr = padded + ((long)oy * pw);
            for (int r = 0; r < runs; r++)
            {
                TV g = TL.Load(d + (r * lanes));
                float* xs = xr + (r * lanes);
                s0 = TL.MultiplyAdd(g, TL.Load(xs + o0), s0);
                s1 = TL.MultiplyAdd(g, TL.Load(xs + o1), s1);
                s2 = TL.MultiplyAdd(g, TL.Load(xs + o2), s2);
                s3 = TL.MultiplyAdd(g, TL.Load(xs + o3), s3);
                s4 = TL.MultiplyAdd(g, TL.Load(xs + o4), s4);
                s5 = TL.MultiplyAdd(g, TL.Load(xs + o5), s5);
                s6 = TL.MultiplyAdd(g, TL.Load(xs + o6), s6);
                s7 = TL.MultiplyAdd(g, TL.Load(xs + o7), s7);
            }
        }

        TL.Store(sums, s0);
        TL.Store(sums + lanes, s1);
        TL.Store(sums + (2 * lanes), s2);
        TL.Store(sums + (3 * lanes), s3);
        TL.Store(sums + (4 * lanes), s4);
        TL.Store(sums + (5 * lanes), s5);
        TL.Store(sums + (6 * lanes), s6);
        TL.Store(sums + (7 * lanes), s7);
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

        // Weights in blocks of four output channels, [block][κ][4] (zeros past the last channel), so a step of κ reads one run.
        int blocks = (outChannels + Block - 1) / Block;
        float* w = Scratch(ref weightBuffer, (long)blocks * patch * Block);
        for (int o = 0; o < blocks * Block; o++)
        {
            for (int kappa = 0; kappa < patch; kappa++)
            {
                w[((((o / Block) * patch) + kappa) * Block) + (o % Block)] = o < outChannels ? weight[(o * patch) + kappa] : 0f;
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
        float* sums = stackalloc float[Block * 2 * 16];

        // With output sums: per channel of the block, a vector of Σy lanes, then one of Σy² lanes.
        float* laneSums = stackalloc float[Block * 2 * 16];
        bool summing = outputSums is not null;
        for (int block = 0; block < blocks; block++)
        {
            int o0 = block * Block, rows = Math.Min(Block, outChannels - o0);
            float* wb = w + ((long)block * patch * Block);
            new Span<float>(laneSums, Block * 2 * 16).Clear();
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox0 = 0; ox0 < ow; ox0 += chunk)
                {
                    Tile<TL, TV>(padded + ((long)oy * pw) + ox0, offsets, patch, wb, sums);
                    TV a00 = TL.Load(sums), a01 = TL.Load(sums + lanes), a10 = TL.Load(sums + (2 * lanes)), a11 = TL.Load(sums + (3 * lanes));
                    TV a20 = TL.Load(sums + (4 * lanes)), a21 = TL.Load(sums + (5 * lanes)), a30 = TL.Load(sums + (6 * lanes)), a31 = TL.Load(sums + (7 * lanes));
                    int count = Math.Min(chunk, ow - ox0);
                    long at = ((long)oy * ow) + ox0;
                    Write<TL, TV>(a00, a01, bias[o0], relu, y + ((long)o0 * oh * ow) + at, count, tail, summing, laneSums);
                    if (rows > 1)
                    {
                        Write<TL, TV>(a10, a11, bias[o0 + 1], relu, y + ((long)(o0 + 1) * oh * ow) + at, count, tail, summing, laneSums + (2 * lanes));
                    }

                    if (rows > 2)
                    {
                        Write<TL, TV>(a20, a21, bias[o0 + 2], relu, y + ((long)(o0 + 2) * oh * ow) + at, count, tail, summing, laneSums + (4 * lanes));
                    }

                    if (rows > 3)
                    {
                        Write<TL, TV>(a30, a31, bias[o0 + 3], relu, y + ((long)(o0 + 3) * oh * ow) + at, count, tail, summing, laneSums + (6 * lanes));
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
