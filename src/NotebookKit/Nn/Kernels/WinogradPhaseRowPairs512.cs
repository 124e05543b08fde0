using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// <see cref="WinogradPhaseRows512.SplitInput(float*, int, int, int, int, int, float*, long, int, bool, NormalizeOperator)"/>
/// for planes one vector wide with four tile columns (16 columns, padding 0 or 1: MiniVGGNet's 16×16 layers), two
/// plane rows per step.
/// </summary>
/// <remarks>
/// A step of the general split turns one image row into eight tile columns of the six planes (r, 0..5); a 16-wide image
/// has only four, so half of every permute and store was padding that the next row's stores overwrote. Here the
/// permutes take image rows y and y + 4 instead of a row and its (empty) continuation: plane rows a and a + 1 are
/// consecutive in a plane (four floats each), so one 8-float store per plane writes both. The planes hold the same
/// floats (a deferred batch norm's map is applied to the same values with the same operations).
/// </remarks>
internal static unsafe class WinogradPhaseRowPairs512
{
    /// <summary>Whether this split applies: AVX-512, a width of 16 and four tile columns (padding 0 or 1).</summary>
    public static bool Supports(int width, int tileColumns) => width == 16 && tileColumns == 4 && SimdDispatch.HasVector512;

    /// <summary>
    /// Writes plane (r, q) (index 6·r + q), row a, column b = x(4a + r − padding, 4b + q − padding), through
    /// <paramref name="map"/> when <paramref name="mapped"/>, zero outside the image, for rows a = 0..tileRows (phases 2
    /// and 3: 0..tileRows − 1), then zeros up to <paramref name="used"/> floats per plane, as
    /// <see cref="WinogradPhaseRows512"/> does. Writes may run up to 12 floats past <paramref name="used"/>, so
    /// <paramref name="planeStride"/> must leave 16 floats of room after it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SplitInput(
        float* x, int height, int padding, int tileRows, float* planes, long planeStride, int used, bool mapped = false, NormalizeOperator map = default)
    {
        const int tileColumns = 4;
        Vector512<int> pairs01 = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
        Vector512<int> pairs23 = Vector512.Create(2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
        for (int r = 0; r < 4; r++)
        {
            // Tiles read plane rows ty + i div 4, and only phases 0 and 1 one row down: phases 2 and 3 skip the last row.
            int lastRow = r < 2 ? tileRows : tileRows - 1;
            for (int a = 0; a <= lastRow; a += 2)
            {
                int y = (4 * a) + r - padding;
                Vector512<float> upper = Row(x, y, height, mapped, map);
                Vector512<float> lower = a + 1 <= lastRow ? Row(x, y + 4, height, mapped, map) : Vector512<float>.Zero;

                // Padded columns 0..15 and 4..19 of each row (the padding and the columns past the row are zeros): lanes
                // 4b + q of the first hold phase q = 0..3 of tile column b, lanes 4b + q − 4 of the second phases 4 and 5.
                Vector512<float> z0 = Shift(upper, padding), z1 = Shift(lower, padding);
                Vector512<float> s0 = Shift4(upper, padding), s1 = Shift4(lower, padding);
                Vector512<float> q01 = Avx512F.PermuteVar16x32x2(z0, pairs01, z1);
                Vector512<float> q23 = Avx512F.PermuteVar16x32x2(z0, pairs23, z1);
                Vector512<float> q45 = Avx512F.PermuteVar16x32x2(s0, pairs01, s1);
                WinogradPhases.StorePhaseRows(planes + (6 * r * planeStride) + (a * tileColumns), planeStride, q01, q23, q45);
            }
        }

        WinogradPhaseRows512.ClearTails(planes, tileRows, tileColumns, planeStride, used);
    }

    /// <summary><see cref="SplitInput(float*, int, int, int, float*, long, int, bool, NormalizeOperator)"/> over spans, with their lengths checked.</summary>
    public static void SplitInput(
        ReadOnlySpan<float> x, int height, int padding, int tileRows, Span<float> planes, int planeStride, int used, bool mapped = false, NormalizeOperator map = default)
    {
        if (!SimdDispatch.HasVector512 || padding is < 0 or > 1 || height < 1 || tileRows != (height + (2 * padding) + 1) / 4 || x.Length < (long)height * 16
            || used < (tileRows + 1) * 4 || planeStride < used + 16 || planes.Length < ((long)WinogradPhases.InputPlanes * planeStride))
        {
            throw new ArgumentException($"Winograd phase split by row pairs: {height}x16 with padding {padding} into planes of {planeStride} floats ({used} used) does not fit (got {x.Length} and {planes.Length} floats).");
        }

        fixed (float* source = x, destination = planes)
        {
            SplitInput(source, height, padding, tileRows, destination, planeStride, used, mapped, map);
        }
    }

    // Image row y (through the map), or zeros outside the image.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Row(float* x, int y, int height, bool mapped, NormalizeOperator map)
    {
        if (y < 0 || y >= height)
        {
            return Vector512<float>.Zero;
        }

        Vector512<float> v = Avx512F.LoadVector512(x + (y * 16));
        return mapped ? map.Invoke<Lanes512, Vector512<float>>(v, default, default) : v;
    }

    // The 16 floats starting `padding` floats before the row (zeros before it).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Shift(Vector512<float> row, int padding) =>
        padding == 0 ? row : Avx512F.AlignRight32(row.AsInt32(), Vector512<int>.Zero, 15).AsSingle();

    // The 16 floats starting 4 − padding floats into the row (zeros past it).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Shift4(Vector512<float> row, int padding) =>
        padding == 0
            ? Avx512F.AlignRight32(Vector512<int>.Zero, row.AsInt32(), 4).AsSingle()
            : Avx512F.AlignRight32(Vector512<int>.Zero, row.AsInt32(), 3).AsSingle();
}
