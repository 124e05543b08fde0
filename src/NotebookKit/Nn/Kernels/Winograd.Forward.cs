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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardCore<TL, TV>(WinogradFilter filter, float* x, int images, in ConvGeometry g, float* y, float* bias, bool relu, in ChannelAffine inputMap)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count, nr = Gemm.TileColumns(filter.Path);
        var grid = new TileGrid(g, lanes);
        int c = g.Channels;
        long inImage = (long)c * g.Height * g.Width, outImage = (long)filter.OutChannels * g.OutputHeight * g.OutputWidth;
        int block = BlockImages(Points * c * grid.PaddedTiles, grid.PaddedTiles, nr, images);
        // Each point's block is padded by a cache line, so the 36 stores of a tile transform do not share a set.
        float* v = Scratch(ref transformedBuffer, Points * (((long)c * RoundUp(block * grid.PaddedTiles, nr)) + 16));
        float* phases = Scratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
        float* row = lanes == 16 ? Scratch(ref rowBuffer, WinogradPhases.RowBufferLength(grid.TileColumns)) : null;
        TV* registers = stackalloc TV[64];
        fixed (float* u = filter.Packed)
        {
            for (int n0 = 0; n0 < images; n0 += block)
            {
                int count = Math.Min(block, images - n0), columns = count * grid.PaddedTiles, panels = (columns + nr - 1) / nr;
                long pointStride = ((long)panels * c * nr) + 16;
                TransformInputs<TL, TV>(x + (n0 * inImage), count, g, grid, v, nr, pointStride, phases, row, registers, inputMap);
                MultiplyAndWrite<TL, TV>(filter, u, v, pointStride, panels, columns, grid, y + (n0 * outImage), bias, relu, registers);
            }
        }
    }

    /// <summary>
    /// Bᵀ d B of every tile of <paramref name="count"/> images (through <paramref name="inputMap"/>) into columns of a B operand: image i's tiles are columns
    /// i·PaddedTiles …, laid out in panels of <paramref name="panelWidth"/> columns ([panel][channel][column]; one
    /// panel as wide as all columns is the plain row-major [channel][column]), point ξ at <c>v + ξ·pointStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransformInputs<TL, TV>(
        float* x, int count, in ConvGeometry g, in TileGrid grid, float* v, int panelWidth, long pointStride, float* phases, float* row, TV* registers, in ChannelAffine inputMap)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int c = g.Channels;
        long inPlane = (long)g.Height * g.Width;
        bool mapped = !inputMap.IsIdentity;
        for (int i = 0; i < count; i++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                WinogradPhases.SplitInput(
                    x + ((((long)i * c) + ch) * inPlane), g.Height, g.Width, g.Padding, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed, row,
                    mapped, mapped ? inputMap.For(ch) : default);
                for (int t0 = 0; t0 < grid.PaddedTiles; t0 += TL.Count)
                {
                    int n = (i * grid.PaddedTiles) + t0;
                    float* dst = v + ((((long)(n / panelWidth) * c) + ch) * panelWidth) + (n % panelWidth);
                    WinogradTransforms.InputTiles<TL, TV>(phases + t0, grid.InputPlaneStride, grid.TileColumns, dst, pointStride, registers);
                }
            }
        }
    }

    /// <summary>
    /// For each panel of tiles and each mr-row panel of output channels: the 36 microkernels into an L1 scratch, then
    /// the output transform (+ bias, ReLU) into the images at <paramref name="y"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAndWrite<TL, TV>(
        WinogradFilter filter, float* u, float* v, long pointStride, int panels, int columns, in TileGrid grid, float* y, float* bias, bool relu, TV* registers)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        SimdPath path = filter.Path;
        int lanes = TL.Count, mr = Gemm.TileRows(path), nr = Gemm.TileColumns(path);
        int c = filter.InChannels, k = filter.OutChannels, kPanels = filter.Panels;
        long outPlane = (long)grid.OutputHeight * grid.OutputWidth;
        // The 36 microkernel tiles of one panel pair, a cache line apart from power-of-two strides.
        int sStride = (mr * nr) + 16;
        float* s = Scratch(ref microTiles, (Points * sStride) + (16 * lanes));
        float* tiles = s + (Points * sStride);
        bool wholeRows = lanes == 16 && grid.OutputWidth % 16 == 0 && grid.OutputHeight % 4 == 0;
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

                        float* plane = y + ((((long)image * k) + channel) * outPlane);
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
}
