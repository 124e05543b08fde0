using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>3×3, stride-1 convolutions by Winograd's F(4×4, 3×3): forward (and the input gradient, a forward-shaped convolution) and the weight gradient.</summary>
/// <remarks>
/// <para>Per block of images: the input is split into phase planes (<see cref="WinogradPhases"/>) and transformed,
/// one tile per lane, straight into the packed B panels of 36 small GEMMs (one per transformed point ξ: out ×
/// in × tiles); for each panel of tiles and each mr-row panel of output channels the 36 microkernels run into an L1
/// scratch, and the output transform (with the bias and an optional ReLU) writes the image. A direct convolution
/// multiplies 9·in per output; this one 36·in per 16 outputs, 4× fewer.</para>
/// <para>Weight gradient: the input and the output gradient are transformed per block (Bᵀ d B and A dY Aᵀ) and
/// Σ_tiles dŶ_ξ·V_ξᵀ is accumulated per point ξ; <see cref="FinishWeightGradient"/> maps the sum back with Gᵀ·G.</para>
/// <para>Every sum runs in a fixed order that depends only on the sizes, so results are deterministic; they differ
/// from the direct convolution by float32 rounding of the transforms (tested against it and against the plain-loop
/// twin, <see cref="WinogradReference"/>).</para>
/// </remarks>
internal static unsafe partial class Winograd
{
    /// <summary>Transformed points per tile (6×6).</summary>
    public const int Points = 36;

    // Floats of transformed data kept per block (about 384 KB): the block's panels stay in L2 while the 36 GEMMs run.
    private const int BlockFloats = 96 * 1024;

    [ThreadStatic]
    private static float[]? transformedBuffer;

    [ThreadStatic]
    private static float[]? gradientBuffer;

    [ThreadStatic]
    private static float[]? phaseBuffer;

    [ThreadStatic]
    private static float[]? inputBuffer;

    [ThreadStatic]
    private static float[]? tileBuffer;

    [ThreadStatic]
    private static float[]? rowBuffer;

    /// <summary>Whether the geometry is one this kernel computes: a 3×3 kernel, stride 1, padding 0–2.</summary>
    public static bool Supports(in ConvGeometry g) =>
        g.KernelHeight == 3 && g.KernelWidth == 3 && g.Stride == 1 && g.Padding is >= 0 and <= 2 && g.OutputHeight >= 1 && g.OutputWidth >= 1;

    /// <summary>
    /// y[n] = conv(x[n], W) + bias for <paramref name="images"/> consecutive images, with W as prepared in
    /// <paramref name="filter"/> (<see cref="WinogradFilter.Prepare"/>) and ReLU applied when <paramref name="relu"/> is set.
    /// </summary>
    /// <param name="filter">The transformed weights; its path decides the instruction set.</param>
    /// <param name="input">[images, C, H, W].</param>
    /// <param name="images">Images to convolve.</param>
    /// <param name="geometry">C, H, W and the padding (3×3, stride 1).</param>
    /// <param name="output">[images, out, OH, OW], overwritten.</param>
    /// <param name="bias">[out], or empty for none.</param>
    /// <param name="relu">Apply max(·, 0) to the result (PyTorch's ReLU after the convolution).</param>
    /// <param name="inputMap">A deferred batch norm's map of the input, applied as it is read (default: none).</param>
    public static void Forward(
        WinogradFilter filter, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, Span<float> output, ReadOnlySpan<float> bias, bool relu,
        ChannelAffine inputMap = default)
    {
        Check(geometry, filter.InChannels, input.Length, images);
        int k = filter.OutChannels, outPlane = geometry.OutputHeight * geometry.OutputWidth;
        if (output.Length < (long)images * k * outPlane || (!bias.IsEmpty && bias.Length != k))
        {
            throw new ArgumentException($"Winograd: the output needs {(long)images * k * outPlane} values (got {output.Length}) and the bias {k} or none (got {bias.Length}).");
        }

        if (images == 0)
        {
            return;
        }

        fixed (float* x = input, y = output, b = bias)
        {
            float* biasOrNull = bias.IsEmpty ? null : b;
            switch (filter.Path)
            {
                case SimdPath.Vector512:
                    ForwardCore<Lanes512, Vector512<float>>(filter, x, images, geometry, y, biasOrNull, relu, inputMap);
                    break;
                case SimdPath.Vector256:
                    ForwardCore<Lanes256, Vector256<float>>(filter, x, images, geometry, y, biasOrNull, relu, inputMap);
                    break;
                default:
                    int image = geometry.Channels * geometry.Height * geometry.Width;
                    float[] mapped = Mapped(input, images, geometry, inputMap);
                    ReadOnlySpan<float> source = inputMap.IsIdentity ? input : mapped;
                    for (int n = 0; n < images; n++)
                    {
                        WinogradReference.Forward(filter, source.Slice(n * image, image), geometry, output.Slice(n * k * outPlane, k * outPlane), bias, relu);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Adds Σ over the images' tiles of (A dY Aᵀ)_ξ·(Bᵀ x B)_ξᵀ to <paramref name="transformed"/> [36][out][in]: the weight
    /// gradient in the Winograd domain, mapped back by <see cref="FinishWeightGradient"/>.
    /// </summary>
    /// <param name="outputGradient">dy [images, out, OH, OW].</param>
    /// <param name="input">x [images, C, H, W], the forward's input.</param>
    /// <param name="images">Images to accumulate.</param>
    /// <param name="geometry">C, H, W and the padding (3×3, stride 1).</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="transformed">[36][out][C], accumulated.</param>
    /// <param name="path">Instruction set (<see cref="SimdPath.Auto"/> picks the best).</param>
    /// <param name="inputMap">A deferred batch norm's map of the input (default: none).</param>
    /// <param name="biasGradient">[out]: Σ dy per output channel is added to it (PyTorch's bias gradient), or empty for none.</param>
    public static void AccumulateWeightGradient(
        ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, int outChannels, Span<float> transformed, SimdPath path,
        ChannelAffine inputMap = default, Span<float> biasGradient = default)
    {
        Check(geometry, geometry.Channels, input.Length, images);
        long outPlane = (long)geometry.OutputHeight * geometry.OutputWidth;
        if (outputGradient.Length < images * outChannels * outPlane || transformed.Length != Points * outChannels * geometry.Channels
            || (!biasGradient.IsEmpty && biasGradient.Length != outChannels))
        {
            throw new ArgumentException($"Winograd: the output gradient needs {images * outChannels * outPlane} values (got {outputGradient.Length}), the transformed gradient {Points * outChannels * geometry.Channels} (got {transformed.Length}) and the bias gradient {outChannels} or none (got {biasGradient.Length}).");
        }

        if (images == 0)
        {
            return;
        }

        path = SimdDispatch.Resolve(path);
        fixed (float* dy = outputGradient, x = input, m = transformed, b = biasGradient)
        {
            float* db = biasGradient.IsEmpty ? null : b;
            switch (path)
            {
                case SimdPath.Vector512:
                    WeightGradientCore<Lanes512, Vector512<float>>(dy, x, images, geometry, outChannels, m, db, path, inputMap);
                    break;
                case SimdPath.Vector256:
                    WeightGradientCore<Lanes256, Vector256<float>>(dy, x, images, geometry, outChannels, m, db, path, inputMap);
                    break;
                default:
                    if (db is not null)
                    {
                        WinogradReference.AddBiasGradient(outputGradient, images, outChannels, (int)outPlane, biasGradient);
                    }

                    long inPlane = (long)geometry.Channels * geometry.Height * geometry.Width;
                    float[] mapped = Mapped(input, images, geometry, inputMap);
                    ReadOnlySpan<float> source = inputMap.IsIdentity ? input : mapped;
                    for (int n = 0; n < images; n++)
                    {
                        WinogradReference.AccumulateWeightGradient(
                            outputGradient.Slice((int)(n * outChannels * outPlane), (int)(outChannels * outPlane)),
                            source.Slice((int)(n * inPlane), (int)inPlane), geometry, outChannels, transformed);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// A convolution's backward pass over <paramref name="images"/> images: the weight gradient as
    /// <see cref="AccumulateWeightGradient"/> and, when <paramref name="flipped"/> is given, the input gradient as
    /// <see cref="Forward"/> with it. With padding 1 both read one split of dy per image (the input gradient's phase
    /// planes hold the weight gradient's, shifted by one row and column), and dy is read once.
    /// </summary>
    /// <remarks>
    /// With padding 1 on a vector path (<see cref="CanWriteInputGradientOverOutputGradient"/>), dx may be dy itself (the
    /// same memory, same start; dx and dy then have the same shape): each block of images is split and transformed in
    /// full before its input gradient is written, and no later block reads an earlier block's dy. Any other overlap throws.
    /// </remarks>
    /// <param name="flipped">The flipped, transposed filter (<see cref="WinogradFilter.Prepare"/> with <c>flipTransposed</c>), or null for no input gradient.</param>
    /// <param name="outputGradient">dy [images, out, OH, OW].</param>
    /// <param name="input">x [images, C, H, W].</param>
    /// <param name="images">Images to process.</param>
    /// <param name="geometry">The forward convolution's geometry.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="transformed">[36][out][C], accumulated.</param>
    /// <param name="inputGradient">dx [images, C, H, W], overwritten (ignored without a filter).</param>
    /// <param name="path">Instruction set (<see cref="SimdPath.Auto"/> picks the best); a filter's path must match it.</param>
    /// <param name="inputMap">A deferred batch norm's map of the forward's input (default: none).</param>
    /// <param name="biasGradient">[out]: Σ dy per output channel is added to it, or empty for none.</param>
    public static void Backward(
        WinogradFilter? flipped, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, int outChannels,
        Span<float> transformed, Span<float> inputGradient, SimdPath path, ChannelAffine inputMap = default, Span<float> biasGradient = default)
    {
        path = SimdDispatch.Resolve(path);
        var back = new ConvGeometry(outChannels, geometry.OutputHeight, geometry.OutputWidth, 3, 3, 1, 2 - geometry.Padding);
        if (flipped is not null && Overlaps(outputGradient, inputGradient)
            && (!CanWriteInputGradientOverOutputGradient(geometry, outChannels, path)
                || !Unsafe.AreSame(ref MemoryMarshal.GetReference(outputGradient), ref MemoryMarshal.GetReference(inputGradient))))
        {
            throw new ArgumentException("Winograd backward: the input gradient may overlap the output gradient only as the same memory, with padding 1, as many input as output channels, on a vector path.");
        }

        if (flipped is null || geometry.Padding != 1 || path == SimdPath.Scalar)
        {
            AccumulateWeightGradient(outputGradient, input, images, geometry, outChannels, transformed, path, inputMap, biasGradient);
            if (flipped is not null)
            {
                Forward(flipped, outputGradient, images, back, inputGradient, [], relu: false);
            }

            return;
        }

        Check(geometry, geometry.Channels, input.Length, images);
        long outPlane = (long)geometry.OutputHeight * geometry.OutputWidth, inImage = (long)geometry.Channels * geometry.Height * geometry.Width;
        if (flipped.Path != path || flipped.InChannels != outChannels || flipped.OutChannels != geometry.Channels
            || outputGradient.Length < images * outChannels * outPlane || transformed.Length != Points * outChannels * geometry.Channels
            || inputGradient.Length < images * inImage || (!biasGradient.IsEmpty && biasGradient.Length != outChannels))
        {
            throw new ArgumentException($"Winograd backward: buffers or filter do not match {images} images of {geometry} with {outChannels} output channels on {path}.");
        }

        if (images == 0)
        {
            return;
        }

        fixed (float* dy = outputGradient, x = input, m = transformed, dx = inputGradient, b = biasGradient)
        {
            float* db = biasGradient.IsEmpty ? null : b;
            if (path == SimdPath.Vector512)
            {
                BackwardCore<Lanes512, Vector512<float>>(flipped, dy, x, images, geometry, outChannels, m, db, dx, inputMap);
            }
            else
            {
                BackwardCore<Lanes256, Vector256<float>>(flipped, dy, x, images, geometry, outChannels, m, db, dx, inputMap);
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Backward"/> may write the input gradient over the output gradient: padding 1 (dx has dy's
    /// plane size), as many input as output channels, and a vector path (the split-once backward, which reads each block
    /// of dy in full before it writes that block's dx).
    /// </summary>
    public static bool CanWriteInputGradientOverOutputGradient(in ConvGeometry geometry, int outChannels, SimdPath path) =>
        Supports(geometry) && geometry.Padding == 1 && geometry.Channels == outChannels && SimdDispatch.Resolve(path) != SimdPath.Scalar;

    private static bool Overlaps(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => !a.IsEmpty && !b.IsEmpty && a.Overlaps(b);

    /// <summary>Adds Gᵀ M G of every (out, in) pair of <paramref name="transformed"/> [36][out][in] to <paramref name="weightGradient"/> [out, in, 3, 3].</summary>
    public static void FinishWeightGradient(ReadOnlySpan<float> transformed, int outChannels, int inChannels, Span<float> weightGradient) =>
        FinishWeightGradientCore(transformed, outChannels, inChannels, weightGradient, eightPairsPerVector: false);

    // The one gather-and-finish loop, over pairs [pairStart, pairEnd) (all when pairEnd is −1): with eightPairsPerVector
    // (AVX-512) full groups of eight pairs go through WinogradFilterTransform512 (the same operations and order, so the
    // same bits), the rest one pair at a time. Each pair is finished on its own, so any split of the pairs gives the same bits.
    private static void FinishWeightGradientCore(
        ReadOnlySpan<float> transformed, int outChannels, int inChannels, Span<float> weightGradient, bool eightPairsPerVector, long pairStart = 0, long pairEnd = -1)
    {
        long pairs = (long)outChannels * inChannels;
        pairEnd = pairEnd < 0 ? pairs : pairEnd;
        if (transformed.Length != Points * pairs || weightGradient.Length != 9 * pairs || pairStart < 0 || pairStart > pairEnd || pairEnd > pairs)
        {
            throw new ArgumentException($"Winograd: expected {Points * pairs} transformed values and {9 * pairs} weight-gradient values, got {transformed.Length} and {weightGradient.Length} (pairs [{pairStart}, {pairEnd}) of {pairs}).");
        }

        // 16 consecutive pairs at a time are copied into a small buffer first: read in place, the 36 values of a pair lie
        // `pairs` floats apart (a power of two), all in one L1 set.
        const int groupSize = 16;
        float* group = stackalloc float[Points * groupSize];
        fixed (float* m = transformed, dw = weightGradient)
        {
            for (long pair0 = pairStart; pair0 < pairEnd; pair0 += groupSize)
            {
                int count = (int)Math.Min(groupSize, pairEnd - pair0);
                for (int xi = 0; xi < Points; xi++)
                {
                    new ReadOnlySpan<float>(m + (xi * pairs) + pair0, count).CopyTo(new Span<float>(group + (xi * groupSize), count));
                }

                int p = 0;
                for (; eightPairsPerVector && p + WinogradFilterTransform512.Lanes <= count; p += WinogradFilterTransform512.Lanes)
                {
                    WinogradFilterTransform512.FilterGradient(group + p, groupSize, dw + (9 * (pair0 + p)));
                }

                for (; p < count; p++)
                {
                    WinogradTransforms.FilterGradient(group + p, groupSize, dw + (9 * (pair0 + p)));
                }
            }
        }
    }

    private static void Check(in ConvGeometry g, int channels, int inputLength, int images)
    {
        if (!Supports(g))
        {
            throw new ArgumentException($"Winograd F(4x4, 3x3) computes 3x3 stride-1 convolutions with padding 0-2, not {g}.");
        }

        if (channels != g.Channels || images < 0 || inputLength < (long)images * g.Channels * g.Height * g.Width)
        {
            throw new ArgumentException($"Winograd: {images} images of {g.Channels}x{g.Height}x{g.Width} need {(long)images * g.Channels * g.Height * g.Width} values (got {inputLength}); the filter takes {channels} channels.");
        }
    }

    // The scalar twin takes the mapped input as a plain tensor.
    private static float[] Mapped(ReadOnlySpan<float> input, int images, in ConvGeometry g, in ChannelAffine map)
    {
        if (map.IsIdentity)
        {
            return [];
        }

        int planes = images * g.Channels, plane = g.Height * g.Width;
        float[] mapped = new float[planes * plane];
        map.Apply(input, planes, plane, mapped);
        return mapped;
    }

    private static float* Scratch(ref float[]? buffer, long length)
    {
        if (buffer is null || buffer.Length < length)
        {
            // Zeroed once: lanes past the last tile may read stale values later, which must be finite.
            buffer = GC.AllocateArray<float>((int)length, pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref buffer[0]);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    // Images per block: as many as keep about BlockFloats of transformed data, but at least enough to fill one nr-column
    // panel (two 16-tile images for 32 columns), or every microkernel would spend half its work on padding columns.
    private static int BlockImages(int floatsPerImage, int paddedTiles, int nr, int images) =>
        Math.Clamp(BlockFloats / floatsPerImage, Math.Clamp(nr / paddedTiles, 1, images), images);

    /// <summary>The tiling of one image: 4×4 output tiles, row-major, padded to whole registers.</summary>
    private readonly struct TileGrid
    {
        public TileGrid(in ConvGeometry g, int lanes)
        {
            OutputHeight = g.OutputHeight;
            OutputWidth = g.OutputWidth;
            TileRows = (OutputHeight + 3) / 4;
            TileColumns = (OutputWidth + 3) / 4;
            Tiles = TileRows * TileColumns;
            PaddedTiles = RoundUp(Tiles, lanes);
            InputPlaneUsed = PaddedTiles + TileColumns;
            // Room for the phase split's 8-float writes past a plane's last row (WinogradPhases).
            InputPlaneStride = RoundUp(InputPlaneUsed + 8, 16) + 16;
            GradientPlaneStride = RoundUp(PaddedTiles + 8, 16) + 16;
        }

        public int OutputHeight { get; }

        public int OutputWidth { get; }

        public int TileRows { get; }

        public int TileColumns { get; }

        public int Tiles { get; }

        /// <summary>Tiles rounded up to whole registers: each image starts a new register of tiles.</summary>
        public int PaddedTiles { get; }

        /// <summary>Floats per input phase plane the transforms may read.</summary>
        public int InputPlaneUsed { get; }

        public int InputPlaneStride { get; }

        public int GradientPlaneStride { get; }
    }
}
