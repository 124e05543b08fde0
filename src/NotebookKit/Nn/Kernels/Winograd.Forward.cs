using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

// The forward pass: input transforms into packed panels, the 36 microkernels per panel pair, the output transform.
internal static unsafe partial class Winograd
{
    [ThreadStatic]
    private static float[]? microTiles;

    [ThreadStatic]
    private static float[]? sumsBuffer;


    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardCore<TL, TV>(
        WinogradFilter filter, float* x, int images, in ConvGeometry g, float* y, float* bias, bool relu, in ChannelAffine inputMap, double* outputSums = null)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count, nr = Gemm.TileColumns(filter.Path);
        var grid = new TileGrid(g, lanes);
        int c = g.Channels;
        long inImage = (long)c * g.Height * g.Width, outImage = (long)filter.OutChannels * g.OutputHeight * g.OutputWidth;
        int block = ForwardBlockImages(c, grid.PaddedTiles, nr, images);
        // Each point's block is padded by a cache line, so the 36 stores of a tile transform do not share a set; the
        // scratch starts on a cache line (an array's data is only 8-byte aligned), so each 16-float store and load
        // touches one line, not two.
        float* v = AlignedScratch(ref transformedBuffer, Points * (((long)c * RoundUp(block * grid.PaddedTiles, nr)) + 16));
        float* phases = AlignedScratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
        float* row = lanes == 16 ? Scratch(ref rowBuffer, WinogradPhases.RowBufferLength(grid.TileColumns)) : null;
        TV* registers = stackalloc TV[64];
        int k = filter.OutChannels;
        // Σy and Σy² per (image of the block, channel), one vector of lane partial sums each (see OutputSums512).
        float* sums = outputSums is null ? null : AlignedScratch(ref sumsBuffer, (long)block * k * 32);
        fixed (float* u = filter.Packed)
        {
            for (int n0 = 0; n0 < images; n0 += block)
            {
                int count = Math.Min(block, images - n0), columns = count * grid.PaddedTiles, panels = (columns + nr - 1) / nr;
                long pointStride = ((long)panels * c * nr) + 16;
                TransformInputs<TL, TV>(x + (n0 * inImage), count, g, grid, v, nr, pointStride, phases, row, registers, inputMap, prefetch: true);
                if (sums is not null)
                {
                    new Span<float>(sums, count * k * 32).Clear();
                }

                // The products run from L2 and leave the memory idle: the next block's input is requested while they run.
                int next = Math.Min(block, images - n0 - count);
                MultiplyAndWrite<TL, TV>(
                    filter, u, v, pointStride, panels, columns, grid, y + (n0 * outImage), bias, relu, registers, sums,
                    upcoming: next > 0 ? x + ((n0 + count) * inImage) : null, upcomingFloats: next * inImage);
                if (sums is not null)
                {
                    FinishSums(sums, count * k, outputSums + (2L * n0 * k));
                }
            }
        }
    }

    // BlockImages for the forward pass, rounded down to whole microkernel panels when a block holds fewer images than the
    // call: five 16-tile images (80 columns) left half of the last 32-column panel as padding that each of its 36·k/mr
    // microkernels computed; four fill two panels exactly. Which images share a block changes no sum.
    private static int ForwardBlockImages(int channels, int paddedTiles, int nr, int images)
    {
        int block = BlockImages(Points * channels * paddedTiles, paddedTiles, nr, images);
        int whole = nr / GreatestCommonDivisor(paddedTiles, nr);
        return block < images && block > whole ? block - (block % whole) : block;
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    /// <summary>
    /// Bᵀ d B of every tile of <paramref name="count"/> images (through <paramref name="inputMap"/>) into columns of a B operand: image i's tiles are columns
    /// i·PaddedTiles …, laid out in panels of <paramref name="panelWidth"/> columns ([panel][channel][column]; one
    /// panel as wide as all columns is the plain row-major [channel][column]), point ξ at <c>v + ξ·pointStride</c>.
    /// On AVX-512, images whose width is a multiple of 16 are split by <see cref="WinogradPhaseRows512"/> (no row buffer;
    /// 16-wide ones with four tile columns two plane rows at a time by <see cref="WinogradPhaseRowPairs512"/>), others by <see cref="WinogradPhases.SplitInput"/> with <paramref name="row"/>; with <paramref name="prefetch"/> (the
    /// forward pass) each next plane is requested from memory before the current one is split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransformInputs<TL, TV>(
        float* x, int count, in ConvGeometry g, in TileGrid grid, float* v, int panelWidth, long pointStride, float* phases, float* row, TV* registers, in ChannelAffine inputMap,
        bool prefetch = false)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int c = g.Channels;
        long inPlane = (long)g.Height * g.Width;
        bool vector512 = typeof(TV) == typeof(Vector512<float>), mapped = !inputMap.IsIdentity, wholeRows = vector512 && WinogradPhaseRows512.Supports(g.Width);
        bool rowPairs = vector512 && WinogradPhaseRowPairs512.Supports(g.Width, grid.TileColumns);
        for (int i = 0; i < count; i++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                if (vector512 && prefetch)
                {
                    // The planes are consecutive: request the next one while this one is split and transformed.
                    PrefetchPlane(x + ((((long)i * c) + ch + PrefetchPlanesAhead) * inPlane), inPlane);
                }

                if (rowPairs)
                {
                    WinogradPhaseRowPairs512.SplitInput(
                        x + ((((long)i * c) + ch) * inPlane), g.Height, g.Padding, grid.TileRows, phases, grid.InputPlaneStride, grid.InputPlaneUsed,
                        mapped, mapped ? inputMap.For(ch) : default);
                }
                else if (wholeRows)
                {
                    WinogradPhaseRows512.SplitInput(
                        x + ((((long)i * c) + ch) * inPlane), g.Height, g.Width, g.Padding, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed,
                        mapped, mapped ? inputMap.For(ch) : default);
                }
                else
                {
                    WinogradPhases.SplitInput(
                        x + ((((long)i * c) + ch) * inPlane), g.Height, g.Width, g.Padding, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed, row,
                        mapped, mapped ? inputMap.For(ch) : default);
                }

                for (int t0 = 0; t0 < grid.PaddedTiles; t0 += TL.Count)
                {
                    int n = (i * grid.PaddedTiles) + t0;
                    float* dst = v + ((((long)(n / panelWidth) * c) + ch) * panelWidth) + (n % panelWidth);
                    if (typeof(TV) == typeof(Vector512<float>))
                    {
                        InputTiles512(phases + t0, grid.InputPlaneStride, grid.TileColumns, dst, pointStride);
                    }
                    else
                    {
                        WinogradTransforms.InputTiles<TL, TV>(phases + t0, grid.InputPlaneStride, grid.TileColumns, dst, pointStride, registers);
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="WinogradTransforms.InputTiles{TL, TV}"/> for 16 tiles, the same sums in the same order, in registers:
    /// row i of Bᵀ d B needs only row i of Bᵀ d (its column pass), and rows {0}, {1, 2}, {3, 4}, {5} of that each read
    /// three or four of the six inputs of a column. Loading a column's inputs again per group (L1 hits) replaces the
    /// 36-register scratch the general version stores and reloads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTiles512(float* phases, long planeStride, int tileColumns, float* destination, long pointStride)
    {
        // Input (i, j) of the tiles: plane (i mod 4, j) at row offset (i div 4)·tileColumns; column j starts at phases + j·planeStride.
        float* c0 = phases, c1 = phases + planeStride, c2 = phases + (2 * planeStride);
        float* c3 = phases + (3 * planeStride), c4 = phases + (4 * planeStride), c5 = phases + (5 * planeStride);
        CombineAndStore(
            Row0(c0, planeStride, tileColumns), Row0(c1, planeStride, tileColumns), Row0(c2, planeStride, tileColumns),
            Row0(c3, planeStride, tileColumns), Row0(c4, planeStride, tileColumns), Row0(c5, planeStride, tileColumns),
            destination, pointStride);

        Rows12(c0, planeStride, tileColumns, out var a0, out var b0);
        Rows12(c1, planeStride, tileColumns, out var a1, out var b1);
        Rows12(c2, planeStride, tileColumns, out var a2, out var b2);
        Rows12(c3, planeStride, tileColumns, out var a3, out var b3);
        Rows12(c4, planeStride, tileColumns, out var a4, out var b4);
        Rows12(c5, planeStride, tileColumns, out var a5, out var b5);
        CombineAndStore(a0, a1, a2, a3, a4, a5, destination + (6 * pointStride), pointStride);
        CombineAndStore(b0, b1, b2, b3, b4, b5, destination + (12 * pointStride), pointStride);

        Rows34(c0, planeStride, tileColumns, out a0, out b0);
        Rows34(c1, planeStride, tileColumns, out a1, out b1);
        Rows34(c2, planeStride, tileColumns, out a2, out b2);
        Rows34(c3, planeStride, tileColumns, out a3, out b3);
        Rows34(c4, planeStride, tileColumns, out a4, out b4);
        Rows34(c5, planeStride, tileColumns, out a5, out b5);
        CombineAndStore(a0, a1, a2, a3, a4, a5, destination + (18 * pointStride), pointStride);
        CombineAndStore(b0, b1, b2, b3, b4, b5, destination + (24 * pointStride), pointStride);

        CombineAndStore(
            Row5(c0, planeStride, tileColumns), Row5(c1, planeStride, tileColumns), Row5(c2, planeStride, tileColumns),
            Row5(c3, planeStride, tileColumns), Row5(c4, planeStride, tileColumns), Row5(c5, planeStride, tileColumns),
            destination + (30 * pointStride), pointStride);
    }

    // Row 0 of Bᵀ d for one column (d_i at column + (i mod 4)·6·planeStride + (i div 4)·tileColumns): 4·d0 − 5·d2 + d4.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row0(float* column, long planeStride, int tileColumns) =>
        Avx512F.FusedMultiplyAdd(
            Vector512.Create(4f), Avx512F.LoadVector512(column),
            Avx512F.FusedMultiplyAdd(Vector512.Create(-5f), Avx512F.LoadVector512(column + (12 * planeStride)), Avx512F.LoadVector512(column + tileColumns)));

    // Rows 1 and 2: −4·(d1 + d2) + (d3 + d4) and 4·(d1 − d2) + (d4 − d3).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows12(float* column, long planeStride, int tileColumns, out Vector512<float> row1, out Vector512<float> row2)
    {
        Vector512<float> d1 = Avx512F.LoadVector512(column + (6 * planeStride)), d2 = Avx512F.LoadVector512(column + (12 * planeStride));
        Vector512<float> d3 = Avx512F.LoadVector512(column + (18 * planeStride)), d4 = Avx512F.LoadVector512(column + tileColumns);
        row1 = Avx512F.FusedMultiplyAdd(Vector512.Create(-4f), Avx512F.Add(d1, d2), Avx512F.Add(d3, d4));
        row2 = Avx512F.FusedMultiplyAdd(Vector512.Create(4f), Avx512F.Subtract(d1, d2), Avx512F.Subtract(d4, d3));
    }

    // Rows 3 and 4: 2·(d3 − d1) + (d4 − d2) and −2·(d3 − d1) + (d4 − d2).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows34(float* column, long planeStride, int tileColumns, out Vector512<float> row3, out Vector512<float> row4)
    {
        Vector512<float> d1 = Avx512F.LoadVector512(column + (6 * planeStride)), d2 = Avx512F.LoadVector512(column + (12 * planeStride));
        Vector512<float> d3 = Avx512F.LoadVector512(column + (18 * planeStride)), d4 = Avx512F.LoadVector512(column + tileColumns);
        Vector512<float> a = Avx512F.Subtract(d4, d2), b = Avx512F.Subtract(d3, d1);
        row3 = Avx512F.FusedMultiplyAdd(Vector512.Create(2f), b, a);
        row4 = Avx512F.FusedMultiplyAdd(Vector512.Create(-2f), b, a);
    }

    // Row 5: 4·d1 − 5·d3 + d5.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row5(float* column, long planeStride, int tileColumns) =>
        Avx512F.FusedMultiplyAdd(
            Vector512.Create(4f), Avx512F.LoadVector512(column + (6 * planeStride)),
            Avx512F.FusedMultiplyAdd(Vector512.Create(-5f), Avx512F.LoadVector512(column + (18 * planeStride)), Avx512F.LoadVector512(column + (6 * planeStride) + tileColumns)));

    // Bᵀ applied to a row of six values (as WinogradTransforms.InputCombine), the six results stored pointStride apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CombineAndStore(
        Vector512<float> d0, Vector512<float> d1, Vector512<float> d2, Vector512<float> d3, Vector512<float> d4, Vector512<float> d5, float* target, long pointStride)
    {
        Vector512<float> four = Vector512.Create(4f), minusFive = Vector512.Create(-5f);
        Avx512F.Store(target, Avx512F.FusedMultiplyAdd(four, d0, Avx512F.FusedMultiplyAdd(minusFive, d2, d4)));
        Avx512F.Store(target + pointStride, Avx512F.FusedMultiplyAdd(Vector512.Create(-4f), Avx512F.Add(d1, d2), Avx512F.Add(d3, d4)));
        Avx512F.Store(target + (2 * pointStride), Avx512F.FusedMultiplyAdd(four, Avx512F.Subtract(d1, d2), Avx512F.Subtract(d4, d3)));
        Vector512<float> a = Avx512F.Subtract(d4, d2), b = Avx512F.Subtract(d3, d1);
        Avx512F.Store(target + (3 * pointStride), Avx512F.FusedMultiplyAdd(Vector512.Create(2f), b, a));
        Avx512F.Store(target + (4 * pointStride), Avx512F.FusedMultiplyAdd(Vector512.Create(-2f), b, a));
        Avx512F.Store(target + (5 * pointStride), Avx512F.FusedMultiplyAdd(four, d1, Avx512F.FusedMultiplyAdd(minusFive, d3, d5)));
    }

    /// <summary>
    /// For each panel of tiles and each mr-row panel of output channels: the 36 microkernels into an L1 scratch, then
    /// the output transform (+ bias, ReLU) into the images at <paramref name="y"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAndWrite<TL, TV>(
        WinogradFilter filter, float* u, float* v, long pointStride, int panels, int columns, in TileGrid grid, float* y, float* bias, bool relu, TV* registers, float* sums = null,
        float* upcoming = null, long upcomingFloats = 0)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        SimdPath path = filter.Path;
        int lanes = TL.Count, mr = Gemm.TileRows(path), nr = Gemm.TileColumns(path);
        int c = filter.InChannels, k = filter.OutChannels, kPanels = filter.Panels;
        // On AVX-512, the lines of [upcoming, upcoming + upcomingFloats) (data the caller reads next; the products run from
        // L2 and leave the memory idle) are requested a few before each microkernel, spread evenly over them.
        long kernels = (long)panels * kPanels * Points;
        long linesPerKernel = upcoming is null || upcomingFloats <= 0 || lanes != 16 ? 0 : ((((upcomingFloats + 15) / 16) + kernels - 1) / kernels);
        float* upcomingEnd = upcoming + Math.Max(0, upcomingFloats);
        long outPlane = (long)grid.OutputHeight * grid.OutputWidth;
        // The 36 microkernel tiles of one panel pair, a cache line apart from power-of-two strides.
        int sStride = (mr * nr) + 16;
        float* s = AlignedScratch(ref microTiles, (Points * sStride) + (16 * lanes));
        float* tiles = s + (Points * sStride);
        bool wholeRows = lanes == 16 && grid.OutputWidth % 16 == 0 && grid.OutputHeight % 4 == 0;
        for (int panel = 0; panel < panels; panel++)
        {
            for (int kp = 0; kp < kPanels; kp++)
            {
                for (int xi = 0; xi < Points; xi++)
                {
                    for (long l = 0; l < linesPerKernel && upcoming < upcomingEnd; l++, upcoming += 16)
                    {
                        Sse.Prefetch0(upcoming);
                    }

                    Gemm.Microkernel(path, c, u + (((long)(xi * kPanels) + kp) * c * mr), v + (xi * pointStride) + ((long)panel * c * nr), s + (xi * sStride), nr, false);
                }

                int rows = Math.Min(mr, k - (kp * mr));
                if (wholeRows)
                {
                    WriteWholeRows(s, sStride, rows, kp * mr, panel * nr, nr, columns, grid, y, k, outPlane, bias, relu, sums);
                    continue;
                }

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

                        float* plane = y + ((((long)image * k) + channel) * outPlane);
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

    /// <summary>
    /// The output transform (+ bias, ReLU) of an mr × nr microkernel block when whole rows of tiles fill the output
    /// (Vector512, width a multiple of 16, height of 4): the same sums as <see cref="WinogradTransforms.OutputTiles{TL, TV}"/>
    /// in the same order, kept in registers, and each group of 16 tiles' row offsets computed once instead of by a
    /// division per store.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteWholeRows(
        float* s, int sStride, int rows, int channel0, int column0, int nr, int columns, in TileGrid grid, float* y, int k, long outPlane, float* bias, bool relu, float* sums)
    {
        int width = grid.OutputWidth;
        long* offsets = stackalloc long[4];
        for (int lane0 = 0; lane0 < nr; lane0 += 16)
        {
            int n = column0 + lane0;
            if (n >= columns)
            {
                break;
            }

            int image = n / grid.PaddedTiles, t0 = n % grid.PaddedTiles;
            int groups = Math.Min(4, (grid.Tiles - t0) / 4);
            for (int q = 0; q < groups; q++)
            {
                int t = t0 + (4 * q), ty = t / grid.TileColumns, tx = t - (ty * grid.TileColumns);
                offsets[q] = ((long)(4 * ty) * width) + (4 * tx);
            }

            for (int r = 0; r < rows; r++)
            {
                int channel = channel0 + r;
                float* plane = y + ((((long)image * k) + channel) * outPlane);
                float* channelSums = sums is null ? null : sums + (32 * (((long)image * k) + channel));
                if (r + 1 < rows)
                {
                    // The output is rarely in cache: request the lines of the next channel's rows while this one's are computed.
                    PrefetchTileRows(plane + outPlane, width, offsets, groups);
                }

                OutputGroup512(s + (r * nr) + lane0, sStride, Vector512.Create(bias is null ? 0f : bias[channel]), relu, plane, width, offsets, groups, channelSums);
            }
        }
    }

    // The lines of a group of 16 tiles' four output rows (each 16-float store may straddle two lines).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTileRows(float* plane, int width, long* offsets, int groups)
    {
        for (int q = 0; q < groups; q++)
        {
            for (int i = 0; i < 4; i++)
            {
                float* row = plane + offsets[q] + ((long)i * width);
                Sse.Prefetch0(row);
                Sse.Prefetch0(row + 15);
            }
        }
    }

    // Aᵀ M A of 16 tiles (element ξ of M at source + ξ·pointStride), + bias, optional ReLU, written as whole output rows;
    // with sums, the outputs' lane sums of y and y² are added to sums[0..15] and sums[16..31]. The JIT does not inline it
    // into WriteWholeRows (too large), so it is compiled fully optimised at once: under tiered compilation it ran
    // unoptimised code for the first dozens of steps.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputGroup512(float* source, int pointStride, Vector512<float> add, bool relu, float* plane, int width, long* offsets, int groups, float* sums)
    {
        // Rows of M: 6 × 4 partial sums (Aᵀ applied along each row).
        OutputRow512(source, pointStride, out var a00, out var a01, out var a02, out var a03);
        OutputRow512(source + (6 * pointStride), pointStride, out var a10, out var a11, out var a12, out var a13);
        OutputRow512(source + (12 * pointStride), pointStride, out var a20, out var a21, out var a22, out var a23);
        OutputRow512(source + (18 * pointStride), pointStride, out var a30, out var a31, out var a32, out var a33);
        OutputRow512(source + (24 * pointStride), pointStride, out var a40, out var a41, out var a42, out var a43);
        OutputRow512(source + (30 * pointStride), pointStride, out var a50, out var a51, out var a52, out var a53);

        // Columns: output (i, j) from column j of the partial sums.
        OutputColumn512(a00, a10, a20, a30, a40, a50, add, relu, out var o00, out var o10, out var o20, out var o30);
        OutputColumn512(a01, a11, a21, a31, a41, a51, add, relu, out var o01, out var o11, out var o21, out var o31);
        OutputColumn512(a02, a12, a22, a32, a42, a52, add, relu, out var o02, out var o12, out var o22, out var o32);
        OutputColumn512(a03, a13, a23, a33, a43, a53, add, relu, out var o03, out var o13, out var o23, out var o33);

        StoreTileRow(o00, o01, o02, o03, plane, offsets, groups);
        StoreTileRow(o10, o11, o12, o13, plane + width, offsets, groups);
        StoreTileRow(o20, o21, o22, o23, plane + (2 * width), offsets, groups);
        StoreTileRow(o30, o31, o32, o33, plane + (3 * width), offsets, groups);
        if (sums is not null)
        {
            OutputSums512(o00, o01, o02, o03, o10, o11, o12, o13, o20, o21, o22, o23, o30, o31, o32, o33, groups, sums);
        }
    }

    // Aᵀ applied to six values, as WinogradTransforms.OutputCombine.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputRow512(float* row, int stride, out Vector512<float> y0, out Vector512<float> y1, out Vector512<float> y2, out Vector512<float> y3)
    {
        Vector512<float> m0 = Avx512F.LoadVector512(row), m1 = Avx512F.LoadVector512(row + stride), m2 = Avx512F.LoadVector512(row + (2 * stride));
        Vector512<float> m3 = Avx512F.LoadVector512(row + (3 * stride)), m4 = Avx512F.LoadVector512(row + (4 * stride)), m5 = Avx512F.LoadVector512(row + (5 * stride));
        Combine512(m0, m1, m2, m3, m4, m5, out y0, out y1, out y2, out y3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputColumn512(
        Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3, Vector512<float> m4, Vector512<float> m5, Vector512<float> add, bool relu,
        out Vector512<float> y0, out Vector512<float> y1, out Vector512<float> y2, out Vector512<float> y3)
    {
        Combine512(m0, m1, m2, m3, m4, m5, out y0, out y1, out y2, out y3);
        y0 = Finish512(y0, add, relu);
        y1 = Finish512(y1, add, relu);
        y2 = Finish512(y2, add, relu);
        y3 = Finish512(y3, add, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Combine512(
        Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3, Vector512<float> m4, Vector512<float> m5,
        out Vector512<float> y0, out Vector512<float> y1, out Vector512<float> y2, out Vector512<float> y3)
    {
        Vector512<float> s12 = Avx512F.Add(m1, m2), d12 = Avx512F.Subtract(m1, m2), s34 = Avx512F.Add(m3, m4), d34 = Avx512F.Subtract(m3, m4);
        y0 = Avx512F.Add(Avx512F.Add(m0, s12), s34);
        y1 = Avx512F.FusedMultiplyAdd(Vector512.Create(2f), d34, d12);
        y2 = Avx512F.FusedMultiplyAdd(Vector512.Create(4f), s34, s12);
        y3 = Avx512F.Add(Avx512F.FusedMultiplyAdd(Vector512.Create(8f), d34, d12), m5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Finish512(Vector512<float> value, Vector512<float> add, bool relu)
    {
        value = Avx512F.Add(value, add);
        return relu ? Lanes512.WherePositive(value, value) : value;
    }

    // One output row of 16 tiles: the four column vectors interleaved (tile l's four values side by side) and stored
    // 16 floats (four tiles) at a time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTileRow(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, float* row, long* offsets, int groups)
    {
        Vector512<int> low = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        Vector512<int> high = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        Vector512<int> first = Vector512.Create(0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
        Vector512<int> second = Vector512.Create(8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
        Vector512<float> abLow = Avx512F.PermuteVar16x32x2(a, low, b), abHigh = Avx512F.PermuteVar16x32x2(a, high, b);
        Vector512<float> cdLow = Avx512F.PermuteVar16x32x2(c, low, d), cdHigh = Avx512F.PermuteVar16x32x2(c, high, d);
        Avx512F.Store(row + offsets[0], Avx512F.PermuteVar16x32x2(abLow, first, cdLow));
        if (groups == 4)
        {
            Avx512F.Store(row + offsets[1], Avx512F.PermuteVar16x32x2(abLow, second, cdLow));
            Avx512F.Store(row + offsets[2], Avx512F.PermuteVar16x32x2(abHigh, first, cdHigh));
            Avx512F.Store(row + offsets[3], Avx512F.PermuteVar16x32x2(abHigh, second, cdHigh));
            return;
        }

        if (groups > 1)
        {
            Avx512F.Store(row + offsets[1], Avx512F.PermuteVar16x32x2(abLow, second, cdLow));
        }

        if (groups > 2)
        {
            Avx512F.Store(row + offsets[2], Avx512F.PermuteVar16x32x2(abHigh, first, cdHigh));
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
}
