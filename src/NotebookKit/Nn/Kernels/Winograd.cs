using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
internal static unsafe class Winograd
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
    public static void Forward(WinogradFilter filter, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, Span<float> output, ReadOnlySpan<float> bias, bool relu)
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
                    ForwardCore<Lanes512, Vector512<float>>(filter, x, images, geometry, y, biasOrNull, relu);
                    break;
                case SimdPath.Vector256:
                    ForwardCore<Lanes256, Vector256<float>>(filter, x, images, geometry, y, biasOrNull, relu);
                    break;
                default:
                    for (int n = 0; n < images; n++)
                    {
                        WinogradReference.Forward(
                            filter, input.Slice(n * geometry.Channels * geometry.Height * geometry.Width, geometry.Channels * geometry.Height * geometry.Width),
                            geometry, output.Slice(n * k * outPlane, k * outPlane), bias, relu);
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
    public static void AccumulateWeightGradient(
        ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, int outChannels, Span<float> transformed, SimdPath path)
    {
        Check(geometry, geometry.Channels, input.Length, images);
        long outPlane = (long)geometry.OutputHeight * geometry.OutputWidth;
        if (outputGradient.Length < images * outChannels * outPlane || transformed.Length != Points * outChannels * geometry.Channels)
        {
            throw new ArgumentException($"Winograd: the output gradient needs {images * outChannels * outPlane} values (got {outputGradient.Length}) and the transformed gradient {Points * outChannels * geometry.Channels} (got {transformed.Length}).");
        }

        if (images == 0)
        {
            return;
        }

        path = SimdDispatch.Resolve(path);
        fixed (float* dy = outputGradient, x = input, m = transformed)
        {
            switch (path)
            {
                case SimdPath.Vector512:
                    WeightGradientCore<Lanes512, Vector512<float>>(dy, x, images, geometry, outChannels, m, path);
                    break;
                case SimdPath.Vector256:
                    WeightGradientCore<Lanes256, Vector256<float>>(dy, x, images, geometry, outChannels, m, path);
                    break;
                default:
                    long inPlane = (long)geometry.Channels * geometry.Height * geometry.Width;
                    for (int n = 0; n < images; n++)
                    {
                        WinogradReference.AccumulateWeightGradient(
                            outputGradient.Slice((int)(n * outChannels * outPlane), (int)(outChannels * outPlane)),
                            input.Slice((int)(n * inPlane), (int)inPlane), geometry, outChannels, transformed);
                    }

                    break;
            }
        }
    }

    /// <summary>Adds Gᵀ M G of every (out, in) pair of <paramref name="transformed"/> [36][out][in] to <paramref name="weightGradient"/> [out, in, 3, 3].</summary>
    public static void FinishWeightGradient(ReadOnlySpan<float> transformed, int outChannels, int inChannels, Span<float> weightGradient)
    {
        long pairs = (long)outChannels * inChannels;
        if (transformed.Length != Points * pairs || weightGradient.Length != 9 * pairs)
        {
            throw new ArgumentException($"Winograd: expected {Points * pairs} transformed values and {9 * pairs} weight-gradient values, got {transformed.Length} and {weightGradient.Length}.");
        }

        fixed (float* m = transformed, dw = weightGradient)
        {
            for (long pair = 0; pair < pairs; pair++)
            {
                WinogradTransforms.FilterGradient(m + pair, pairs, dw + (9 * pair));
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

    private static float* Scratch(ref float[]? buffer, long length)
    {
        if (buffer is null || buffer.Length < length)
        {
            // Zeroed once: lanes past the last tile may read stale values later, which must be finite.
            buffer = GC.AllocateArray<float>((int)length, pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref buffer[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardCore<TL, TV>(WinogradFilter filter, float* x, int images, in ConvGeometry g, float* y, float* bias, bool relu)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        SimdPath path = filter.Path;
        int lanes = TL.Count, mr = Gemm.TileRows(path), nr = Gemm.TileColumns(path);
        var grid = new TileGrid(g, lanes);
        int c = g.Channels, k = filter.OutChannels, kPanels = filter.Panels;
        long inPlane = (long)g.Height * g.Width, outPlane = (long)g.OutputHeight * g.OutputWidth;
        int block = Math.Clamp(BlockFloats / (Points * c * grid.PaddedTiles), 1, images);
        int maxColumns = RoundUp(block * grid.PaddedTiles, nr);
        // Each point's block is padded by a cache line, so the 36 stores of a tile transform do not share a set.
        float* v = Scratch(ref transformedBuffer, Points * (((long)c * maxColumns) + 16));
        float* phases = Scratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
        float* row = lanes == 16 ? Scratch(ref rowBuffer, WinogradPhases.RowBufferLength(grid.TileColumns)) : null;
        // The 36 microkernel tiles of one panel pair, a cache line apart from power-of-two strides.
        int sStride = (mr * nr) + 16;
        float* s = Scratch(ref gradientBuffer, (Points * sStride) + (16 * lanes));
        float* tiles = s + (Points * sStride);
        bool wholeRows = lanes == 16 && g.OutputWidth % 16 == 0 && g.OutputHeight % 4 == 0;
        TV* registers = stackalloc TV[64];
        fixed (float* u = filter.Packed)
        {
            for (int n0 = 0; n0 < images; n0 += block)
            {
                int count = Math.Min(block, images - n0), columns = count * grid.PaddedTiles, panels = (columns + nr - 1) / nr;
                long pointStride = ((long)panels * c * nr) + 16;
                for (int i = 0; i < count; i++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        WinogradPhases.SplitInput(x + ((((long)(n0 + i) * c) + ch) * inPlane), g.Height, g.Width, g.Padding, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed, row);
                        for (int t0 = 0; t0 < grid.PaddedTiles; t0 += lanes)
                        {
                            // Column n of the block's B operand: panel n / nr, row ch, lane n mod nr.
                            int n = (i * grid.PaddedTiles) + t0;
                            float* dst = v + (((long)(n / nr) * c) + ch) * nr + (n % nr);
                            WinogradTransforms.InputTiles<TL, TV>(phases + t0, grid.InputPlaneStride, grid.TileColumns, dst, pointStride, registers);
                        }
                    }
                }

                for (int panel = 0; panel < panels; panel++)
                {
                    for (int kp = 0; kp < kPanels; kp++)
                    {
                        for (int xi = 0; xi < Points; xi++)
                        {
                            Gemm.Microkernel(path, c, u + (((long)(xi * kPanels) + kp) * c * mr), v + (xi * pointStride) + ((long)panel * c * nr), s + (xi * sStride), nr, false);
                        }

                        int rows = Math.Min(mr, k - (kp * mr));
                        for (int r = 0; r < rows; r++)
                        {
                            int channel = (kp * mr) + r;
                            TV add = TL.Broadcast(bias is null ? 0f : bias[channel]);
                            for (int lane0 = 0; lane0 < nr; lane0 += lanes)
                            {
                                int n = (panel * nr) + lane0;
                                if (n >= columns)
                                {
                                    break;
                                }

                                int image = n / grid.PaddedTiles, t0 = n % grid.PaddedTiles;
                                WinogradTransforms.OutputTiles<TL, TV>(s + (r * nr) + lane0, sStride, registers, registers + 24);
                                for (int e = 0; e < 16; e++)
                                {
                                    TV value = TL.Add(registers[24 + e], add);
                                    registers[24 + e] = relu ? TL.WherePositive(value, value) : value;
                                }

                                float* plane = y + ((((long)(n0 + image) * k) + channel) * outPlane);
                                if (wholeRows)
                                {
                                    WriteTileRows((Vector512<float>*)(registers + 24), t0, grid.Tiles, grid.TileColumns, grid.OutputWidth, plane);
                                    continue;
                                }

                                for (int e = 0; e < 16; e++)
                                {
                                    TL.Store(tiles + (e * lanes), registers[24 + e]);
                                }

                                WriteTiles(tiles, lanes, t0, Math.Min(lanes, grid.Tiles - t0), grid, plane);
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradientCore<TL, TV>(float* dy, float* x, int images, in ConvGeometry g, int k, float* m, SimdPath path)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count;
        var grid = new TileGrid(g, lanes);
        int c = g.Channels;
        long inPlane = (long)g.Height * g.Width, outPlane = (long)g.OutputHeight * g.OutputWidth;
        int block = Math.Clamp(BlockFloats / (Points * (c + k) * grid.PaddedTiles), 1, images);
        int maxColumns = block * grid.PaddedTiles;
        float* v = Scratch(ref transformedBuffer, (long)Points * c * maxColumns);
        float* dyHat = Scratch(ref gradientBuffer, (long)Points * k * maxColumns);
        float* phases = Scratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
        float* gradientPhases = Scratch(ref tileBuffer, WinogradPhases.GradientPlanes * grid.GradientPlaneStride);
        float* row = lanes == 16 ? Scratch(ref rowBuffer, WinogradPhases.RowBufferLength(grid.TileColumns)) : null;
        TV* registers = stackalloc TV[64];
        for (int n0 = 0; n0 < images; n0 += block)
        {
            int count = Math.Min(block, images - n0), columns = count * grid.PaddedTiles;
            for (int i = 0; i < count; i++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    WinogradPhases.SplitInput(x + ((((long)(n0 + i) * c) + ch) * inPlane), g.Height, g.Width, g.Padding, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed, row);
                    float* dst = v + ((long)ch * columns) + (i * grid.PaddedTiles);
                    for (int t0 = 0; t0 < grid.PaddedTiles; t0 += lanes)
                    {
                        WinogradTransforms.InputTiles<TL, TV>(phases + t0, grid.InputPlaneStride, grid.TileColumns, dst + t0, (long)c * columns, registers);
                    }
                }

                for (int o = 0; o < k; o++)
                {
                    // Lanes past the last tile read zeros here, so padded tiles add nothing to the sums.
                    WinogradPhases.SplitGradient(dy + ((((long)(n0 + i) * k) + o) * outPlane), g.OutputHeight, g.OutputWidth, grid.TileRows, grid.TileColumns, gradientPhases, grid.GradientPlaneStride, grid.PaddedTiles, row);
                    float* dst = dyHat + ((long)o * columns) + (i * grid.PaddedTiles);
                    for (int t0 = 0; t0 < grid.PaddedTiles; t0 += lanes)
                    {
                        WinogradTransforms.GradientTiles<TL, TV>(gradientPhases + t0, grid.GradientPlaneStride, dst + t0, (long)k * columns, registers);
                    }
                }
            }

            for (int xi = 0; xi < Points; xi++)
            {
                // M_ξ[out][in] += dŶ_ξ[out][tiles] · V_ξ[in][tiles]ᵀ.
                Gemm.MultiplyUnchecked(
                    false, true, k, c, columns, dyHat + ((long)xi * k * columns), columns, v + ((long)xi * c * columns), columns,
                    m + ((long)xi * k * c), c, accumulate: true, path);
            }
        }
    }

    // Copies the valid part of TL.Count output tiles (16 vectors, element (i, j) of lane l at tiles[(4i + j)·lanes + l]) into the image.
    private static void WriteTiles(float* tiles, int lanes, int t0, int count, in TileGrid grid, float* plane)
    {
        int width = grid.OutputWidth, height = grid.OutputHeight;
        for (int l = 0; l < count; l++)
        {
            int t = t0 + l, ty = t / grid.TileColumns, tx = t % grid.TileColumns;
            int rows = Math.Min(4, height - (4 * ty)), cols = Math.Min(4, width - (4 * tx));
            float* dst = plane + ((long)(4 * ty) * width) + (4 * tx);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    dst[((long)i * width) + j] = tiles[((4 * i) + j) * lanes + l];
                }
            }
        }
    }

    // Sixteen tiles whose 4×4 outputs fill whole output rows (width a multiple of 16, so four consecutive tiles are
    // 16 consecutive floats of a row): for each tile row i, interleave the four column vectors o[4i..4i+3] with two
    // rounds of permutes and store 16 floats per group of four tiles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteTileRows(Vector512<float>* o, int t0, int tiles, int tileColumns, int width, float* plane)
    {
        Vector512<int> low = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        Vector512<int> high = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        Vector512<int> first = Vector512.Create(0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
        Vector512<int> second = Vector512.Create(8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
        int groups = Math.Min(4, (tiles - t0) / 4);
        for (int i = 0; i < 4; i++)
        {
            Vector512<float> a = o[4 * i], b = o[(4 * i) + 1], c = o[(4 * i) + 2], d = o[(4 * i) + 3];
            Vector512<float> abLow = Avx512F.PermuteVar16x32x2(a, low, b), abHigh = Avx512F.PermuteVar16x32x2(a, high, b);
            Vector512<float> cdLow = Avx512F.PermuteVar16x32x2(c, low, d), cdHigh = Avx512F.PermuteVar16x32x2(c, high, d);
            for (int q = 0; q < groups; q++)
            {
                Vector512<float> v = q switch
                {
                    0 => Avx512F.PermuteVar16x32x2(abLow, first, cdLow),
                    1 => Avx512F.PermuteVar16x32x2(abLow, second, cdLow),
                    2 => Avx512F.PermuteVar16x32x2(abHigh, first, cdHigh),
                    _ => Avx512F.PermuteVar16x32x2(abHigh, second, cdHigh),
                };
                int t = t0 + (4 * q), ty = t / tileColumns, tx = t % tileColumns;
                Avx512F.Store(plane + ((long)((4 * ty) + i) * width) + (4 * tx), v);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

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
