using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// Splits an image plane into phase planes, so that one element of many consecutive Winograd tiles is one contiguous
/// vector: the tile transforms then run one tile per lane with plain loads.
/// </summary>
/// <remarks>
/// Tiles are numbered row-major, t = ty·tileColumns + tx. Input tile t's element (i, j) is image element
/// (4·ty + i − p, 4·tx + j − p); stored in plane (i mod 4, j) at row ty + i div 4, column tx, it sits at offset
/// t + (i div 4)·tileColumns: consecutive tiles are consecutive floats, across tile rows too.
/// </remarks>
internal static unsafe class WinogradPhases
{
    /// <summary>Planes of one input plane: 24 of them (row phase r = 0..3, column offset q = 0..5).</summary>
    public const int InputPlanes = 24;

    /// <summary>Planes of one output-gradient plane: 16 (r, q = 0..3).</summary>
    public const int GradientPlanes = 16;

    /// <summary>
    /// Writes plane (r, q) (index 6·r + q), row a, column b = x(4a + r − padding, 4b + q − padding) (through
    /// <paramref name="map"/> when <paramref name="mapped"/>: a deferred batch norm's output), zero outside the image, for a = 0..tileRows (one row more than there are tile rows) and b = 0..tileColumns−1; then zeros up to
    /// <paramref name="used"/> floats per plane, so lanes past the last tile read zeros.
    /// </summary>
    /// <remarks>
    /// On the Vector512 path (a <paramref name="rowBuffer"/> is given) each image row is copied once into it (zeros where the padding is) and
    /// split eight tile columns at a time by three two-register permutes: writes may run up to 7 floats past a plane
    /// row, so planes are written in row order and <paramref name="planeStride"/> leaves 8 floats of room.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SplitInput(
        float* x, int height, int width, int padding, int tileRows, int tileColumns, float* planes, long planeStride, int used, float* rowBuffer,
        bool mapped = false, NormalizeOperator map = default)
    {
        int filled = (tileRows + 1) * tileColumns;
        if (rowBuffer is not null)
        {
            SplitInput512(x, height, width, padding, tileRows, tileColumns, planes, planeStride, rowBuffer, mapped, map);
            ClearTails(planes, 12, planeStride, filled, used);
            ClearTails(planes + (12 * planeStride), 12, planeStride, filled - tileColumns, used);
            return;
        }

        for (int r = 0; r < 4; r++)
        {
            for (int a = 0; a <= tileRows; a++)
            {
                int row = (4 * a) + r - padding;
                for (int q = 0; q < 6; q++)
                {
                    float* dst = planes + (((6 * r) + q) * planeStride) + (a * tileColumns);
                    if (row < 0 || row >= height)
                    {
                        new Span<float>(dst, tileColumns).Clear();
                        continue;
                    }

                    // Columns 4b + q − padding inside [0, width): b in [first, last).
                    int offset = q - padding;
                    int first = Math.Clamp((-offset + 3) >> 2, 0, tileColumns);
                    int last = Math.Clamp((width - offset + 3) >> 2, first, tileColumns);
                    float* src = x + ((long)row * width) + offset;
                    int b = 0;
                    for (; b < first; b++)
                    {
                        dst[b] = 0f;
                    }

                    for (; b < last; b++)
                    {
                        dst[b] = mapped ? map.Invoke<Lanes1, float>(src[4 * b], 0f, 0f) : src[4 * b];
                    }

                    for (; b < tileColumns; b++)
                    {
                        dst[b] = 0f;
                    }
                }
            }
        }

        ClearTails(planes, InputPlanes, planeStride, filled, used);
    }

    /// <summary>Floats <see cref="SplitInput"/> needs in its row buffer.</summary>
    public static int RowBufferLength(int tileColumns) => (4 * RoundUp8(tileColumns)) + 48;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SplitInput512(float* x, int height, int width, int padding, int tileRows, int tileColumns, float* planes, long planeStride, float* row, bool mapped, NormalizeOperator map)
    {
        int chunks = RoundUp8(tileColumns) / 8, length = RowBufferLength(tileColumns);
        Vector512<int> pairs01 = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
        Vector512<int> pairs23 = Vector512.Create(2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
        // Only [padding, padding + width) is ever written below, so the zeros around it stay.
        ClearRow(row, length);
        for (int r = 0; r < 4; r++)
        {
            // Tiles read plane rows ty + i div 4, and only phases 0 and 1 one row down: phases 2 and 3 skip the last row.
            int lastRow = r < 2 ? tileRows : tileRows - 1;
            for (int a = 0; a <= lastRow; a++)
            {
                int y = (4 * a) + r - padding;
                float* dst = planes + (6 * r * planeStride) + (a * tileColumns);
                if (y < 0 || y >= height)
                {
                    ClearPhaseRows(dst, planeStride, chunks);
                    continue;
                }

                // row[c] = x(y, c − padding), through the map of a deferred batch norm; the padding stays zero.
                if (mapped)
                {
                    MapRow(x + ((long)y * width), row + padding, width, map);
                }
                else
                {
                    CopyRow(x + ((long)y * width), row + padding, width);
                }
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    // Columns 32·chunk … 32·chunk + 35 of the padded row feed tile columns 8·chunk … 8·chunk + 7.
                    float* src = row + (32 * chunk);
                    Vector512<float> z0 = Avx512F.LoadVector512(src), z1 = Avx512F.LoadVector512(src + 16);
                    Vector512<float> s0 = Avx512F.LoadVector512(src + 4), s1 = Avx512F.LoadVector512(src + 20);
                    Vector512<float> q01 = Avx512F.PermuteVar16x32x2(z0, pairs01, z1);
                    Vector512<float> q23 = Avx512F.PermuteVar16x32x2(z0, pairs23, z1);
                    Vector512<float> q45 = Avx512F.PermuteVar16x32x2(s0, pairs01, s1);
                    float* d = dst + (8 * chunk);
                    StorePhaseRows(d, planeStride, q01, q23, q45);
                }
            }
        }
    }

    // Short rows (a few dozen floats): inline 16-float moves beat a call into the general memory copy.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(float* source, float* destination, int count)
    {
        int i = 0;
        for (; i <= count - 16; i += 16)
        {
            Avx512F.Store(destination + i, Avx512F.LoadVector512(source + i));
        }

        for (; i < count; i++)
        {
            destination[i] = source[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MapRow(float* source, float* destination, int count, NormalizeOperator map)
    {
        int i = 0;
        for (; i <= count - 16; i += 16)
        {
            Avx512F.Store(destination + i, map.Invoke<Lanes512, Vector512<float>>(Avx512F.LoadVector512(source + i), default, default));
        }

        for (; i < count; i++)
        {
            destination[i] = map.Invoke<Lanes1, float>(source[i], 0f, 0f);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearRow(float* destination, int count)
    {
        int i = 0;
        for (; i <= count - 16; i += 16)
        {
            Avx512F.Store(destination + i, Vector512<float>.Zero);
        }

        for (; i < count; i++)
        {
            destination[i] = 0f;
        }
    }

    /// <summary>Zeros row segment <paramref name="destination"/> of the six planes (r, 0..5) for an image row outside the image: 8 tile columns per chunk.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ClearPhaseRows(float* destination, long planeStride, int chunks)
    {
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            float* d = destination + (8 * chunk);
            for (int q = 0; q < 6; q++)
            {
                Avx.Store(d + (q * planeStride), Vector256<float>.Zero);
            }
        }
    }

    /// <summary>Stores one chunk's eight tile columns of the six planes (r, 0..5): q01 holds planes 0 and 1 (lower and upper half), q23 planes 2 and 3, q45 planes 4 and 5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StorePhaseRows(float* destination, long planeStride, Vector512<float> q01, Vector512<float> q23, Vector512<float> q45)
    {
        Avx.Store(destination, q01.GetLower());
        Avx.Store(destination + planeStride, q01.GetUpper());
        Avx.Store(destination + (2 * planeStride), q23.GetLower());
        Avx.Store(destination + (3 * planeStride), q23.GetUpper());
        Avx.Store(destination + (4 * planeStride), q45.GetLower());
        Avx.Store(destination + (5 * planeStride), q45.GetUpper());
    }

    private static int RoundUp8(int value) => (value + 7) & ~7;

    /// <summary>
    /// Writes plane (r, q) (index 4·r + q) entry ty·tileColumns + tx = dy(4·ty + r, 4·tx + q), zero outside the
    /// output, then zeros up to <paramref name="used"/> floats per plane: lanes past the last tile read zero gradient.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SplitGradient(float* dy, int height, int width, int tileRows, int tileColumns, float* planes, long planeStride, int used, float* rowBuffer)
    {
        if (rowBuffer is not null)
        {
            SplitGradient512(dy, height, width, tileRows, tileColumns, planes, planeStride, rowBuffer);
            ClearTails(planes, GradientPlanes, planeStride, tileRows * tileColumns, used);
            return;
        }

        for (int r = 0; r < 4; r++)
        {
            for (int a = 0; a < tileRows; a++)
            {
                int row = (4 * a) + r;
                for (int q = 0; q < 4; q++)
                {
                    float* dst = planes + (((4 * r) + q) * planeStride) + (a * tileColumns);
                    if (row >= height)
                    {
                        new Span<float>(dst, tileColumns).Clear();
                        continue;
                    }

                    int last = Math.Clamp((width - q + 3) >> 2, 0, tileColumns);
                    float* src = dy + ((long)row * width) + q;
                    int b = 0;
                    for (; b < last; b++)
                    {
                        dst[b] = src[4 * b];
                    }

                    for (; b < tileColumns; b++)
                    {
                        dst[b] = 0f;
                    }
                }
            }
        }

        ClearTails(planes, GradientPlanes, planeStride, tileRows * tileColumns, used);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SplitGradient512(float* dy, int height, int width, int tileRows, int tileColumns, float* planes, long planeStride, float* row)
    {
        int chunks = RoundUp8(tileColumns) / 8;
        Vector512<int> pairs01 = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
        Vector512<int> pairs23 = Vector512.Create(2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
        new Span<float>(row, RowBufferLength(tileColumns)).Clear();
        for (int r = 0; r < 4; r++)
        {
            for (int a = 0; a < tileRows; a++)
            {
                int y = (4 * a) + r;
                float* dst = planes + (4 * r * planeStride) + (a * tileColumns);
                if (y >= height)
                {
                    for (int q = 0; q < 4; q++)
                    {
                        new Span<float>(dst + (q * planeStride), tileColumns).Clear();
                    }

                    continue;
                }

                float* src = dy + ((long)y * width);
                if (width % 32 != 0)
                {
                    // A ragged row goes through the zero-padded buffer, so chunks read zeros past its end.
                    CopyRow(src, row, width);
                    src = row;
                }

                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    Vector512<float> z0 = Avx512F.LoadVector512(src + (32 * chunk)), z1 = Avx512F.LoadVector512(src + (32 * chunk) + 16);
                    Vector512<float> q01 = Avx512F.PermuteVar16x32x2(z0, pairs01, z1);
                    Vector512<float> q23 = Avx512F.PermuteVar16x32x2(z0, pairs23, z1);
                    float* d = dst + (8 * chunk);
                    Avx.Store(d, q01.GetLower());
                    Avx.Store(d + planeStride, q01.GetUpper());
                    Avx.Store(d + (2 * planeStride), q23.GetLower());
                    Avx.Store(d + (3 * planeStride), q23.GetUpper());
                }
            }
        }
    }

    private static void ClearTails(float* planes, int count, long planeStride, int filled, int used)
    {
        for (int plane = 0; plane < count; plane++)
        {
            float* tail = planes + (plane * planeStride);
            for (int i = filled; i < used; i++)
            {
                tail[i] = 0f;
            }
        }
    }
}
