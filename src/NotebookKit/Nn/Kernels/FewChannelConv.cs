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
        SimdPath path = SimdPath.Auto)
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
                    Run<Lanes512, Vector512<float>>(w, outChannels, b, x, geometry, y, relu);
                    break;
                case SimdPath.Vector256:
                    Run<Lanes256, Vector256<float>>(w, outChannels, b, x, geometry, y, relu);
                    break;
                default:
                    throw new ArgumentException("FewChannelConv runs on the Vector512 and Vector256 paths; the scalar path is the GEMM's reference loop.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TL, TV>(float* weight, int outChannels, float* bias, float* x, in ConvGeometry g, float* y, bool relu)
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
        for (int block = 0; block < blocks; block++)
        {
            int o0 = block * Block, rows = Math.Min(Block, outChannels - o0);
            float* wb = w + ((long)block * patch * Block);
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox0 = 0; ox0 < ow; ox0 += chunk)
                {
                    Tile<TL, TV>(padded + ((long)oy * pw) + ox0, offsets, patch, wb, sums);
                    TV a00 = TL.Load(sums), a01 = TL.Load(sums + lanes), a10 = TL.Load(sums + (2 * lanes)), a11 = TL.Load(sums + (3 * lanes));
                    TV a20 = TL.Load(sums + (4 * lanes)), a21 = TL.Load(sums + (5 * lanes)), a30 = TL.Load(sums + (6 * lanes)), a31 = TL.Load(sums + (7 * lanes));
                    int count = Math.Min(chunk, ow - ox0);
                    long at = ((long)oy * ow) + ox0;
                    Write<TL, TV>(a00, a01, bias[o0], relu, y + ((long)o0 * oh * ow) + at, count, tail);
                    if (rows > 1)
                    {
                        Write<TL, TV>(a10, a11, bias[o0 + 1], relu, y + ((long)(o0 + 1) * oh * ow) + at, count, tail);
                    }

                    if (rows > 2)
                    {
                        Write<TL, TV>(a20, a21, bias[o0 + 2], relu, y + ((long)(o0 + 2) * oh * ow) + at, count, tail);
                    }

                    if (rows > 3)
                    {
                        Write<TL, TV>(a30, a31, bias[o0 + 3], relu, y + ((long)(o0 + 3) * oh * ow) + at, count, tail);
                    }
                }
            }
        }
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

    // bias + sum (the GEMM adds its sum to the bias-filled output), max(·, 0), then `count` floats to the output row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write<TL, TV>(TV sum0, TV sum1, float bias, bool relu, float* destination, int count, float* tail)
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
            return;
        }

        TL.Store(tail, v0);
        TL.Store(tail + lanes, v1);
        new ReadOnlySpan<float>(tail, count).CopyTo(new Span<float>(destination, count));
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
