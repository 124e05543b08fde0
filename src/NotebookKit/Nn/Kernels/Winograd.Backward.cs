using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

// The backward pass: the weight gradient's transformed-domain sums, and with padding 1 the input gradient from the
// same split of dy.
internal static unsafe partial class Winograd
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradientCore<TL, TV>(float* dy, float* x, int images, in ConvGeometry g, int k, float* m, SimdPath path, in ChannelAffine inputMap)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int lanes = TL.Count;
        var grid = new TileGrid(g, lanes);
        int c = g.Channels;
        long inImage = (long)c * g.Height * g.Width, outPlane = (long)g.OutputHeight * g.OutputWidth;
        int block = Math.Clamp(BlockFloats / (Points * (c + k) * grid.PaddedTiles), 1, images);
        int maxColumns = block * grid.PaddedTiles;
        float* v = Scratch(ref inputBuffer, (long)Points * c * maxColumns);
        float* dyHat = Scratch(ref gradientBuffer, (long)Points * k * maxColumns);
        float* phases = Scratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
        float* gradientPhases = Scratch(ref tileBuffer, WinogradPhases.GradientPlanes * grid.GradientPlaneStride);
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
            TransformInputs<TL, TV>(x + (n0 * inImage), count, g, grid, v, columns, (long)c * columns, phases, row, registers, inputMap);
            for (int i = 0; i < count; i++)
            {
                for (int o = 0; o < k; o++)
                {
                    // Lanes past the last tile read zeros here, so padded tiles add nothing to the sums.
                    WinogradPhases.SplitGradient(dy + ((((long)(n0 + i) * k) + o) * outPlane), g.OutputHeight, g.OutputWidth, grid.TileRows, grid.TileColumns, gradientPhases, grid.GradientPlaneStride, grid.PaddedTiles, row);
                    float* dst = dyHat + ((long)o * columns) + (i * grid.PaddedTiles);
                    for (int t0 = 0; t0 < grid.PaddedTiles; t0 += lanes)
                    {
                        WinogradTransforms.GradientTiles<TL, TV>(gradientPhases + t0, offsets, dst + t0, (long)k * columns, registers);
                    }
                }
            }

            AccumulateProducts(dyHat, v, k, c, columns, m, path);
        }
    }

    // Padding 1: dx's input split of dy (padding 2 − 1 = 1) has plane (r, q) = dy(4a + r − 1, 4b + q − 1), so the
    // weight gradient's tile element dy(4·ty + i, 4·tx + j) is plane ((i + 1) mod 4, j + 1) one row down when i = 3.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardCore<TL, TV>(WinogradFilter flipped, float* dy, float* x, int images, in ConvGeometry g, int k, float* m, float* dx, in ChannelAffine inputMap)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        SimdPath path = flipped.Path;
        int lanes = TL.Count, nr = Gemm.TileColumns(path);
        var grid = new TileGrid(g, lanes);
        int c = g.Channels;
        long inImage = (long)c * g.Height * g.Width, outPlane = (long)g.OutputHeight * g.OutputWidth;
        int block = Math.Clamp(BlockFloats / (Points * ((2 * k) + c) * grid.PaddedTiles), 1, images);
        int maxColumns = block * grid.PaddedTiles;
        float* vBack = Scratch(ref transformedBuffer, Points * (((long)k * RoundUp(maxColumns, nr)) + 16));
        float* dyHat = Scratch(ref gradientBuffer, (long)Points * k * maxColumns);
        float* v = Scratch(ref inputBuffer, (long)Points * c * maxColumns);
        float* phases = Scratch(ref phaseBuffer, WinogradPhases.InputPlanes * grid.InputPlaneStride);
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

        fixed (float* u = flipped.Packed)
        {
            for (int n0 = 0; n0 < images; n0 += block)
            {
                int count = Math.Min(block, images - n0), columns = count * grid.PaddedTiles, panels = (columns + nr - 1) / nr;
                long packedStride = ((long)panels * k * nr) + 16;
                for (int i = 0; i < count; i++)
                {
                    for (int o = 0; o < k; o++)
                    {
                        WinogradPhases.SplitInput(dy + ((((long)(n0 + i) * k) + o) * outPlane), g.OutputHeight, g.OutputWidth, 1, grid.TileRows, grid.TileColumns, phases, grid.InputPlaneStride, grid.InputPlaneUsed, row);
                        for (int t0 = 0; t0 < grid.PaddedTiles; t0 += lanes)
                        {
                            int n = (i * grid.PaddedTiles) + t0;
                            WinogradTransforms.InputTiles<TL, TV>(phases + t0, grid.InputPlaneStride, grid.TileColumns, vBack + ((((long)(n / nr) * k) + o) * nr) + (n % nr), packedStride, registers);
                            WinogradTransforms.GradientTiles<TL, TV>(phases + t0, offsets, dyHat + ((long)o * columns) + n, (long)k * columns, registers);
                        }
                    }
                }

                TransformInputs<TL, TV>(x + (n0 * inImage), count, g, grid, v, columns, (long)c * columns, phases, row, registers, inputMap);
                AccumulateProducts(dyHat, v, k, c, columns, m, path);
                MultiplyAndWrite<TL, TV>(flipped, u, vBack, packedStride, panels, columns, grid, dx + (n0 * inImage), null, false, registers);
            }
        }
    }

    // M_ξ[out][in] += dŶ_ξ[out][tiles] · V_ξ[in][tiles]ᵀ for the 36 points.
    private static void AccumulateProducts(float* dyHat, float* v, int k, int c, int columns, float* m, SimdPath path)
    {
        for (int xi = 0; xi < Points; xi++)
        {
            Gemm.MultiplyUnchecked(
                false, true, k, c, columns, dyHat + ((long)xi * k * columns), columns, v + ((long)xi * c * columns), columns,
                m + ((long)xi * k * c), c, accumulate: true, path);
        }
    }
}
