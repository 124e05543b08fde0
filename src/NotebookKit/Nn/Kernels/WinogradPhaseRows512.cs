using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// <see cref="WinogradPhases.SplitInput"/> on AVX-512 for planes whose width is a whole number of vectors (every
/// MiniVGGNet layer): the padded row each chunk of eight tile columns reads is built in registers from the row's
/// aligned vectors by <c>valignd</c> (concatenate two vectors, shift by whole floats), with zero vectors standing for
/// the padding, instead of being copied into a zero-padded row buffer first.
/// </summary>
/// <remarks>
/// The row buffer cost more than the split itself: each row was stored into it one float off alignment and read back
/// at once by four loads that overlapped that store only in part, which the store-to-load forwarding cannot serve, so
/// every row waited for its store to reach the cache. The planes written are the same, float for float (a deferred
/// batch norm's map is applied to the same values with the same operations).
/// </remarks>
internal static unsafe class WinogradPhaseRows512
{
    /// <summary>Whether this split applies: AVX-512 and a width that is a positive multiple of 16.</summary>
    public static bool Supports(int width) => width > 0 && width % 16 == 0 && SimdDispatch.HasVector512;

    /// <summary>
    /// Writes plane (r, q) (index 6·r + q), row a, column b = x(4a + r − padding, 4b + q − padding), through
    /// <paramref name="map"/> when <paramref name="mapped"/>, zero outside the image, as <see cref="WinogradPhases.SplitInput"/>
    /// does on its Vector512 path; then zeros up to <paramref name="used"/> floats per plane. Writes may run up to 15
    /// floats past <paramref name="used"/>, so <paramref name="planeStride"/> must leave 16 floats of room after it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SplitInput(
        float* x, int height, int width, int padding, int tileRows, int tileColumns, float* planes, long planeStride, int used,
        bool mapped = false, NormalizeOperator map = default)
    {
        int chunks = (tileColumns + 7) / 8, vectors = width / 16;
        Vector512<int> pairs01 = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
        Vector512<int> pairs23 = Vector512.Create(2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
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
                    WinogradPhases.ClearPhaseRows(dst, planeStride, chunks);
                    continue;
                }

                // Chunk j reads padded columns 32·j … 32·j + 35, i.e. x(y, 32·j − padding …): the tail of vector 2j − 1,
                // vectors 2j and 2j + 1 and the head of 2j + 2 (vector i holds x(y, 16·i …); zero outside the row).
                float* src = x + ((long)y * width);
                Vector512<float> previous = Vector512<float>.Zero;
                Vector512<float> current = Load(src, 0, vectors, mapped, map);
                Vector512<float> next = Load(src, 1, vectors, mapped, map);
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    Vector512<float> after = Load(src, (2 * chunk) + 2, vectors, mapped, map);
                    Vector512<float> z0 = Shift(current, previous, padding), z1 = Shift(next, current, padding);
                    Vector512<float> s0 = Shift4(next, current, padding), s1 = Shift4(after, next, padding);
                    Vector512<float> q01 = Avx512F.PermuteVar16x32x2(z0, pairs01, z1);
                    Vector512<float> q23 = Avx512F.PermuteVar16x32x2(z0, pairs23, z1);
                    Vector512<float> q45 = Avx512F.PermuteVar16x32x2(s0, pairs01, s1);
                    float* d = dst + (8 * chunk);
                    WinogradPhases.StorePhaseRows(d, planeStride, q01, q23, q45);
                    previous = next;
                    current = after;
                    next = Load(src, (2 * chunk) + 3, vectors, mapped, map);
                }
            }
        }

        ClearTails(planes, tileRows, tileColumns, planeStride, used);
    }

    /// <summary><see cref="SplitInput(float*, int, int, int, int, int, float*, long, int, bool, NormalizeOperator)"/> over spans, with their lengths checked.</summary>
    public static void SplitInput(
        ReadOnlySpan<float> x, int height, int width, int padding, int tileRows, int tileColumns, Span<float> planes, int planeStride, int used,
        bool mapped = false, NormalizeOperator map = default)
    {
        if (!Supports(width) || padding is < 0 or > 2 || x.Length < (long)height * width || used < (tileRows + 1) * tileColumns
            || planeStride < used + 16 || planes.Length < ((long)WinogradPhases.InputPlanes * planeStride))
        {
            throw new ArgumentException($"Winograd phase split: {height}x{width} with padding {padding} into planes of {planeStride} floats ({used} used) does not fit (got {x.Length} and {planes.Length} floats).");
        }

        fixed (float* source = x, destination = planes)
        {
            SplitInput(source, height, width, padding, tileRows, tileColumns, destination, planeStride, used, mapped, map);
        }
    }

    // Vector i of a row (through the map), or zeros past its end.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(float* row, int i, int vectors, bool mapped, NormalizeOperator map)
    {
        if (i >= vectors)
        {
            return Vector512<float>.Zero;
        }

        Vector512<float> v = Avx512F.LoadVector512(row + (16 * i));
        return mapped ? map.Invoke<Lanes512, Vector512<float>>(v, default, default) : v;
    }

    // The 16 floats starting `padding` floats before vector `high` (its predecessor is `low`).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Shift(Vector512<float> high, Vector512<float> low, int padding) => padding switch
    {
        0 => high,
        1 => Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), 15).AsSingle(),
        _ => Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), 14).AsSingle(),
    };

    // The 16 floats starting 4 − padding floats into vector `low` (its successor is `high`).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Shift4(Vector512<float> high, Vector512<float> low, int padding) => padding switch
    {
        0 => Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), 4).AsSingle(),
        1 => Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), 3).AsSingle(),
        _ => Avx512F.AlignRight32(high.AsInt32(), low.AsInt32(), 2).AsSingle(),
    };

    // Zeros from the last written row up to `used` floats (phases 2 and 3 hold one row less), 16 floats a store:
    // a plane's stride leaves at least 16 floats of room past `used`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ClearTails(float* planes, int tileRows, int tileColumns, long planeStride, int used)
    {
        int filled = (tileRows + 1) * tileColumns;
        for (int plane = 0; plane < WinogradPhases.InputPlanes; plane++)
        {
            float* tail = planes + (plane * planeStride);
            for (int i = plane < 12 ? filled : filled - tileColumns; i < used; i += 16)
            {
                Avx512F.Store(tail + i, Vector512<float>.Zero);
            }
        }
    }
}
