using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

// The weight gradient of the few-channel convolution: dW[o, κ] += Σ dy[o, pixel]·x_padded[pixel + offset_κ].
internal static unsafe partial class FewChannelConv
{
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
    /// <param name="biasGradient">
    /// [out] or empty: when given, db[o] += <see cref="Elementwise.Sum"/> of each image's plane of dy in image order, as a
    /// separate pass over dy would add them (the same values), while the plane is in cache.
    /// </param>
    /// <remarks>
    /// Each (o, κ) keeps one vector of partial sums over the images, rows and pixel runs (in that order), whose lanes
    /// are added first to last at the end: a fixed order for given sizes, not the GEMM's (the two agree to float32
    /// rounding).
    /// </remarks>
    public static void AccumulateWeightGradient(
        ReadOnlySpan<float> outputGradient, int outChannels, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, Span<float> weightGradient,
        SimdPath path = SimdPath.Auto, Span<float> biasGradient = default)
    {
        int patch = geometry.PatchSize, spatial = geometry.OutputHeight * geometry.OutputWidth;
        long imageLength = (long)geometry.Channels * geometry.Height * geometry.Width;
        if (!Supports(geometry) || images < 0 || outputGradient.Length < (long)images * outChannels * spatial || weightGradient.Length < outChannels * patch
            || input.Length < images * imageLength)
        {
            throw new ArgumentException($"FewChannelConv: {images} images of {geometry} with {outChannels} outputs need stride 1, a patch of at most {MaxPatch} values and matching buffers.");
        }

        if (!biasGradient.IsEmpty && biasGradient.Length != outChannels)
        {
            throw new ArgumentException($"FewChannelConv: the bias gradient of {outChannels} outputs needs {outChannels} values, got {biasGradient.Length}.");
        }

        path = SimdDispatch.Resolve(path);
        fixed (float* dy = outputGradient, x = input, dw = weightGradient, db = biasGradient)
        {
            switch (path)
            {
                case SimdPath.Vector512:
                    WeightGradient<Lanes512, Vector512<float>>(dy, outChannels, x, images, geometry, dw, db, path);
                    break;
                case SimdPath.Vector256:
                    WeightGradient<Lanes256, Vector256<float>>(dy, outChannels, x, images, geometry, dw, db, path);
                    break;
                default:
                    throw new ArgumentException("FewChannelConv runs on the Vector512 and Vector256 paths; the scalar path is the GEMM's reference loop.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradient<TL, TV>(float* dy, int outChannels, float* x, int images, in ConvGeometry g, float* dw, float* db, SimdPath path)
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
        bool wholeRuns = rowLength == ow;
        float* buffer = wholeRuns ? null : Scratch(ref gradientBuffer, 4 * channelLength);
        for (int n = 0; n < images; n++)
        {
            Pad(x + (n * imageLength), g, padded, pw, planeLength);
            for (int o0 = 0; o0 < outChannels; o0 += 4)
            {
                int block = Math.Min(4, outChannels - o0);

                // Rows of whole vectors (MiniVGGNet's 32 × 32) are read in place: the layout is already [channel][row][run].
                float* rows = wholeRuns ? dy + (((n * outChannels) + o0) * spatial) : buffer;
                for (int r = 0; r < block && !wholeRuns; r++)
                {
                    for (int oy = 0; oy < oh; oy++)
                    {
                        float* dst = rows + (r * channelLength) + ((long)oy * rowLength);
                        new ReadOnlySpan<float>(dy + (((n * outChannels) + o0 + r) * spatial) + ((long)oy * ow), ow).CopyTo(new Span<float>(dst, ow));
                        new Span<float>(dst + ow, rowLength - ow).Clear();
                    }
                }

                for (int r = 0; r < block && db != null; r++)
                {
                    db[o0 + r] += Elementwise.Sum(new ReadOnlySpan<float>(dy + (((n * outChannels) + o0 + r) * spatial), (int)spatial), path);
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
}
