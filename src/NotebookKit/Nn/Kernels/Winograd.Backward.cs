using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

// The backward pass: the weight gradient's transformed-domain sums, and with padding 1 the input gradient from the
// same split of dy.
internal static unsafe partial class Winograd
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradientCore<TL, TV>(float* dy, float* x, int images, in ConvGeometry g, int k, float* m, float* db, SimdPath path, in ChannelAffine inputMap)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count;
        var grid = new TileGrid(g, lanes);
        int c = g.Channels;
        long inImage = (long)c * g.Height * g.Width, outPlane = (long)g.OutputHeight * g.OutputWidth;
        int block = Math.Clamp(BlockFloats / (Points * (c + k) * grid.PaddedTiles), 1, images);
        int maxColumns = block * grid.PaddedTiles;
        float* v = AlignedScratch(ref inputBuffer, Points * (((long)c * maxColumns) + 16));
        float* dyHat = AlignedScratch(ref gradientBuffer, Points * (((long)k * maxColumns) + 16));
        float* phases = AlignedScratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
        float* gradientPhases = AlignedScratch(ref tileBuffer, WinogradPhases.GradientPlanes * grid.GradientPlaneStride);
        float* row = lanes == 16 ? Scratch(ref rowBuffer, WinogradPhases.RowBufferLength(grid.TileColumns)) : null;
        TV* registers = stackalloc TV[64];
        long* offsets = stackalloc long[16];
        for (int e = 0; e < 16; e++)
        {
            offsets[e] = e * grid.GradientPlaneStride;
        }

        for (int n0 = 0; n0 < images; n0 += block)
        {
            int count = Math.Min(block, images - n0), columns = count * grid.PaddedTiles;
            long vStride = PointStride(c, columns), dyStride = PointStride(k, columns);
            TransformInputs<TL, TV>(x + (n0 * inImage), count, g, grid, v, columns, vStride, phases, row, registers, inputMap);
            for (int i = 0; i < count; i++)
            {
                for (int o = 0; o < k; o++)
                {
                    // Lanes past the last tile read zeros here, so padded tiles add nothing to the sums.
                    WinogradPhases.SplitGradient(dy + ((((long)(n0 + i) * k) + o) * outPlane), g.OutputHeight, g.OutputWidth, grid.TileRows, grid.TileColumns, gradientPhases, grid.GradientPlaneStride, grid.PaddedTiles, row);
                    float* dst = dyHat + ((long)o * columns) + (i * grid.PaddedTiles);
                    for (int t0 = 0; t0 < grid.PaddedTiles; t0 += lanes)
                    {
                        GradientTiles<TL, TV>(gradientPhases + t0, offsets, dst + t0, dyStride, registers);
                    }
                }
            }

            AccumulateProducts(dyHat, dyStride, v, vStride, k, c, columns, m, path);
            AddBiasGradient<TL, TV>(dyHat, dyStride, k, columns, db);
        }
    }

    // Padding 1: dx's input split of dy (padding 2 − 1 = 1) has plane (r, q) = dy(4a + r − 1, 4b + q − 1), so the
    // weight gradient's tile element dy(4·ty + i, 4·tx + j) is plane ((i + 1) mod 4, j + 1) one row down when i = 3.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardCore<TL, TV>(WinogradFilter flipped, float* dy, float* x, int images, in ConvGeometry g, int k, float* m, float* db, float* dx, in ChannelAffine inputMap)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        SimdPath path = flipped.Path;
        int lanes = TL.Count, nr = Gemm.TileColumns(path);
        var grid = new TileGrid(g, lanes);
        int c = g.Channels;
        long inImage = (long)c * g.Height * g.Width, outPlane = (long)g.OutputHeight * g.OutputWidth;
        int block = BlockImages(Points * (k + Math.Max(k, c)) * grid.PaddedTiles, grid.PaddedTiles, nr, images);
        int maxColumns = block * grid.PaddedTiles;
        // dy's transform for dx is consumed before x's is made, so the two share one buffer: the block's working set
        // is dŶ plus one of them, which keeps it in L2.
        float* vBack = AlignedScratch(ref transformedBuffer, Points * (Math.Max((long)k * RoundUp(maxColumns, nr), (long)c * maxColumns) + 16));
        float* dyHat = AlignedScratch(ref gradientBuffer, Points * (((long)k * maxColumns) + 16));
        float* v = vBack;
        float* phases = AlignedScratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
        float* row = lanes == 16 ? Scratch(ref rowBuffer, WinogradPhases.RowBufferLength(grid.TileColumns)) : null;
        TV* registers = stackalloc TV[64];
        long* offsets = stackalloc long[16];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                offsets[(4 * i) + j] = ((((6 * ((i + 1) & 3)) + j + 1) * grid.InputPlaneStride)) + (((i + 1) >> 2) * grid.TileColumns);
            }
        }

        bool wholeGradientRows = typeof(TV) == typeof(Vector512<float>) && WinogradPhaseRows512.Supports(g.OutputWidth);
        bool gradientRowPairs = typeof(TV) == typeof(Vector512<float>) && WinogradPhaseRowPairs512.Supports(g.OutputWidth, grid.TileColumns);
        fixed (float* u = flipped.Packed)
        {
            for (int n0 = 0; n0 < images; n0 += block)
            {
                int count = Math.Min(block, images - n0), columns = count * grid.PaddedTiles, panels = (columns + nr - 1) / nr;
                long packedStride = ((long)panels * k * nr) + 16, vStride = PointStride(c, columns), dyStride = PointStride(k, columns);
                for (int i = 0; i < count; i++)
                {
                    for (int o = 0; o < k; o++)
                    {
                        float* plane = dy + ((((long)(n0 + i) * k) + o) * outPlane);
                        if (typeof(TV) == typeof(Vector512<float>))
                        {
                            // dy's planes are consecutive: the split would otherwise wait on memory for every row.
                            PrefetchPlane(plane + (PrefetchPlanesAhead * outPlane), outPlane);
                        }

                        if (gradientRowPairs)
                        {
                            // 16-wide planes (four tile columns): two plane rows per permute and store.
                            WinogradPhaseRowPairs512.SplitInput(plane, g.OutputHeight, 1, grid.TileRows, phases, grid.InputPlaneStride, grid.InputPlaneUsed);
                        }
                        else if (wholeGradientRows)
                        {
                            WinogradPhaseRows512.SplitInput(plane, g.OutputHeight, g.OutputWidth, 1, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed);
                        }
                        else
                        {
                            WinogradPhases.SplitInput(plane, g.OutputHeight, g.OutputWidth, 1, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed, row);
                        }

                        for (int t0 = 0; t0 < grid.PaddedTiles; t0 += lanes)
                        {
                            int n = (i * grid.PaddedTiles) + t0;
                            float* packedColumn = vBack + ((((long)(n / nr) * k) + o) * nr) + (n % nr);
                            if (typeof(TV) == typeof(Vector512<float>))
                            {
                                InputTiles512(phases + t0, grid.InputPlaneStride, grid.TileColumns, packedColumn, packedStride);
                            }
                            else
                            {
                                WinogradTransforms.InputTiles<TL, TV>(phases + t0, grid.InputPlaneStride, grid.TileColumns, packedColumn, packedStride, registers);
                            }

                            GradientTiles<TL, TV>(phases + t0, offsets, dyHat + ((long)o * columns) + n, dyStride, registers);
                        }
                    }
                }

                AddBiasGradient<TL, TV>(dyHat, dyStride, k, columns, db);
                // x is split right after dx's products, which run from L2: its lines are requested while they run.
                MultiplyAndWrite<TL, TV>(
                    flipped, u, vBack, packedStride, panels, columns, grid, dx + (n0 * inImage), null, false, registers, upcoming: x + (n0 * inImage), upcomingFloats: count * inImage);

                // x's planes are consecutive too: each next one is requested while the current one is split (AVX-512).
                TransformInputs<TL, TV>(x + (n0 * inImage), count, g, grid, v, columns, vStride, phases, row, registers, inputMap, prefetch: true);

                // The next block's dy is split right after these products, which run from L2 and leave the memory idle:
                // its lines are requested while they run, so that the split does not wait on them.
                int nextCount = Math.Min(block, images - n0 - count);
                AccumulateProducts(dyHat, dyStride, v, vStride, k, c, columns, m, path, dy + ((long)(n0 + count) * k * outPlane), (long)nextCount * k * outPlane);
            }
        }
    }

    // Scratch whose first float starts a cache line: the transforms store whole 64-byte vectors at offsets that are
    // multiples of 16 floats from it, and an array's data is only 8-byte aligned, so each store would straddle two lines.
    private static float* AlignedScratch(ref float[]? buffer, long length)
    {
        float* start = Scratch(ref buffer, length + 16);
        return (float*)(((nuint)start + 63) & ~(nuint)63);
    }

    // Planes requested ahead of the one being split.
    private const int PrefetchPlanesAhead = 1;

    // Requests a plane's cache lines into L1. The phase split reads an image plane in row phases (rows 0, 4, 8, …, then
    // 1, 5, …), and its first reads of a plane that is not in cache stalled the split: about half its time in MiniVGGNet.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchPlane(float* plane, long floats)
    {
        for (long f = 0; f < floats; f += 16)
        {
            Sse.Prefetch0(plane + f);
        }
    }

    // A dY Aᵀ of TL.Count tiles: in registers on AVX-512, otherwise WinogradTransforms.GradientTiles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientTiles<TL, TV>(float* phases, long* offsets, float* destination, long pointStride, TV* registers)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        if (typeof(TV) == typeof(Vector512<float>))
        {
            GradientTiles512(phases, offsets, destination, pointStride);
        }
        else
        {
            WinogradTransforms.GradientTiles<TL, TV>(phases, offsets, destination, pointStride, registers);
        }
    }

    /// <summary>
    /// <see cref="WinogradTransforms.GradientTiles{TL, TV}"/> for 16 tiles, the same sums in the same order, in registers:
    /// row r of A dY Aᵀ needs only row r of A dY (the column pass), and rows {0}, {1, 2}, {3, 4}, {5} of that each read
    /// one, four, four and one of a column's four inputs. Loading a column's inputs again per group (L1 hits) replaces
    /// the 24-register scratch the general version stores and reloads, as <see cref="InputTiles512"/> does for Bᵀ d B.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientTiles512(float* phases, long* offsets, float* destination, long pointStride)
    {
        // Input (i, j) of the tiles is the vector at phases + offsets[4·i + j].
        float* y00 = phases + offsets[0], y01 = phases + offsets[1], y02 = phases + offsets[2], y03 = phases + offsets[3];
        float* y30 = phases + offsets[12], y31 = phases + offsets[13], y32 = phases + offsets[14], y33 = phases + offsets[15];
        GradientCombineAndStore(
            Avx512F.LoadVector512(y00), Avx512F.LoadVector512(y01), Avx512F.LoadVector512(y02), Avx512F.LoadVector512(y03), destination, pointStride);

        GradientRows12(phases, offsets, 0, out var a0, out var b0);
        GradientRows12(phases, offsets, 1, out var a1, out var b1);
        GradientRows12(phases, offsets, 2, out var a2, out var b2);
        GradientRows12(phases, offsets, 3, out var a3, out var b3);
        GradientCombineAndStore(a0, a1, a2, a3, destination + (6 * pointStride), pointStride);
        GradientCombineAndStore(b0, b1, b2, b3, destination + (12 * pointStride), pointStride);

        GradientRows34(phases, offsets, 0, out a0, out b0);
        GradientRows34(phases, offsets, 1, out a1, out b1);
        GradientRows34(phases, offsets, 2, out a2, out b2);
        GradientRows34(phases, offsets, 3, out a3, out b3);
        GradientCombineAndStore(a0, a1, a2, a3, destination + (18 * pointStride), pointStride);
        GradientCombineAndStore(b0, b1, b2, b3, destination + (24 * pointStride), pointStride);

        GradientCombineAndStore(
            Avx512F.LoadVector512(y30), Avx512F.LoadVector512(y31), Avx512F.LoadVector512(y32), Avx512F.LoadVector512(y33), destination + (30 * pointStride), pointStride);
    }

    // Rows 1 and 2 of A dY for column j: (y0 + y2) + (y1 + y3) and (y0 + y2) − (y1 + y3).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientRows12(float* phases, long* offsets, int j, out Vector512<float> row1, out Vector512<float> row2)
    {
        Vector512<float> y0 = Avx512F.LoadVector512(phases + offsets[j]), y1 = Avx512F.LoadVector512(phases + offsets[4 + j]);
        Vector512<float> y2 = Avx512F.LoadVector512(phases + offsets[8 + j]), y3 = Avx512F.LoadVector512(phases + offsets[12 + j]);
        Vector512<float> even = Avx512F.Add(y0, y2), odd = Avx512F.Add(y1, y3);
        row1 = Avx512F.Add(even, odd);
        row2 = Avx512F.Subtract(even, odd);
    }

    // Rows 3 and 4 of A dY for column j: (4·y2 + y0) ± 2·(4·y3 + y1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientRows34(float* phases, long* offsets, int j, out Vector512<float> row3, out Vector512<float> row4)
    {
        Vector512<float> y0 = Avx512F.LoadVector512(phases + offsets[j]), y1 = Avx512F.LoadVector512(phases + offsets[4 + j]);
        Vector512<float> y2 = Avx512F.LoadVector512(phases + offsets[8 + j]), y3 = Avx512F.LoadVector512(phases + offsets[12 + j]);
        Vector512<float> four = Vector512.Create(4f);
        Vector512<float> even4 = Avx512F.FusedMultiplyAdd(four, y2, y0);
        Vector512<float> odd4 = Avx512F.Multiply(Vector512.Create(2f), Avx512F.FusedMultiplyAdd(four, y3, y1));
        row3 = Avx512F.Add(even4, odd4);
        row4 = Avx512F.Subtract(even4, odd4);
    }

    // A applied to a row of four values (as WinogradTransforms.GradientCombine), the six results stored pointStride apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientCombineAndStore(Vector512<float> y0, Vector512<float> y1, Vector512<float> y2, Vector512<float> y3, float* target, long pointStride)
    {
        Vector512<float> four = Vector512.Create(4f);
        Vector512<float> even = Avx512F.Add(y0, y2), odd = Avx512F.Add(y1, y3);
        Vector512<float> even4 = Avx512F.FusedMultiplyAdd(four, y2, y0);
        Vector512<float> odd4 = Avx512F.Multiply(Vector512.Create(2f), Avx512F.FusedMultiplyAdd(four, y3, y1));
        Avx512F.Store(target, y0);
        Avx512F.Store(target + pointStride, Avx512F.Add(even, odd));
        Avx512F.Store(target + (2 * pointStride), Avx512F.Subtract(even, odd));
        Avx512F.Store(target + (3 * pointStride), Avx512F.Add(even4, odd4));
        Avx512F.Store(target + (4 * pointStride), Avx512F.Subtract(even4, odd4));
        Avx512F.Store(target + (5 * pointStride), y3);
    }

    /// <summary>
    /// <see cref="FinishWeightGradient(ReadOnlySpan{float}, int, int, Span{float})"/> with eight channel pairs per vector of doubles on AVX-512
    /// (<see cref="WinogradFilterTransform512.FilterGradient"/>, the same bits); other paths call it unchanged.
    /// </summary>
    public static void FinishWeightGradientOnPath(ReadOnlySpan<float> transformed, int outChannels, int inChannels, Span<float> weightGradient, SimdPath path) =>
        FinishWeightGradientCore(transformed, outChannels, inChannels, weightGradient, eightPairsPerVector: SimdDispatch.Resolve(path) == SimdPath.Vector512);

    /// <summary>
    /// <see cref="FinishWeightGradientOnPath(ReadOnlySpan{float}, int, int, Span{float}, SimdPath)"/> for the (out, in) pairs
    /// [<paramref name="pairStart"/>, <paramref name="pairEnd"/>) only (pair o·in + i): each pair is finished on its own,
    /// so threads can finish disjoint ranges with the same bits as one call.
    /// </summary>
    public static void FinishWeightGradientOnPath(
        ReadOnlySpan<float> transformed, int outChannels, int inChannels, Span<float> weightGradient, SimdPath path, long pairStart, long pairEnd) =>
        FinishWeightGradientCore(
            transformed, outChannels, inChannels, weightGradient, eightPairsPerVector: SimdDispatch.Resolve(path) == SimdPath.Vector512, pairStart, pairEnd);

    // Rows × columns floats per transformed point, padded by a cache line: with power-of-two strides the 36 stores of
    // a tile transform would all fall in one L1 set.
    private static long PointStride(int rows, int columns) => ((long)rows * columns) + 16;

    // M_ξ[out][in] += dŶ_ξ[out][tiles] · V_ξ[in][tiles]ᵀ for the 36 points; on AVX-512 the cache lines of
    // [upcoming, upcoming + upcomingFloats) are requested between the microkernels (prefetches only: same bits).
    private static void AccumulateProducts(float* dyHat, long dyStride, float* v, long vStride, int k, int c, int columns, float* m, SimdPath path, float* upcoming = null, long upcomingFloats = 0)
    {
        if (path == SimdPath.Vector512 && WinogradWeightProducts.Supports(k, c))
        {
            // Same bits, without packing dŶ.
            WinogradWeightProducts.Accumulate(dyHat, dyStride, v, vStride, k, c, columns, m, upcoming, upcomingFloats);
            return;
        }

        for (int xi = 0; xi < Points; xi++)
        {
            Gemm.MultiplyUnchecked(
                false, true, k, c, columns, dyHat + (xi * dyStride), columns, v + (xi * vStride), columns,
                m + ((long)xi * k * c), c, accumulate: true, path);
        }
    }

    // Point ξ = 7 (row 1, column 1) of A dY Aᵀ is the sum of the tile's 16 values (A's row 1 is all ones), and the tiles
    // cover the output exactly (padded tiles read zeros): its row sums are the bias gradient Σ dy, with no pass over dy.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddBiasGradient<TL, TV>(float* dyHat, long dyStride, int k, int columns, float* db)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        if (db is null)
        {
            return;
        }

        float* sums = dyHat + (7 * dyStride);
        for (int o = 0; o < k; o++)
        {
            float* rowSums = sums + ((long)o * columns);
            TV total = TL.Zero;
            for (int n = 0; n < columns; n += TL.Count)
            {
                total = TL.Add(total, TL.Load(rowSums + n));
            }

            db[o] += TL.SumLanes(total);
        }
    }
}
