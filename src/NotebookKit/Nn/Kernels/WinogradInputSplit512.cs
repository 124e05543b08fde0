using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// <see cref="WinogradPhases.SplitInput"/> on the Vector512 path with every image row staged first: the same planes,
/// the same values, written by the same three two-register permutes per eight tile columns.
/// </summary>
/// <remarks>
/// The per-row version copies (or maps) one image row into a row buffer and at once reloads it at four offsets for the
/// permutes. Those loads overlap the copy's stores without matching them, so each waited for the stores to reach the
/// cache (a failed store-to-load forward): a profile of the forward pass put about half of the split's time on the first
/// of them. Here all rows of the plane are copied into a padded plane buffer first and split afterwards, when the
/// stores have long completed.
/// </remarks>
internal static unsafe class WinogradInputSplit512
{
    /// <summary>Floats of the staging buffer <c>Split</c> needs for planes of <paramref name="height"/> rows.</summary>
    public static int BufferLength(int height, int tileColumns) => Math.Max(height, 1) * WinogradPhases.RowBufferLength(tileColumns);

    /// <summary><see cref="Split(float*, int, int, int, int, int, float*, long, int, float*, bool, NormalizeOperator)"/> over spans, their lengths checked.</summary>
    public static void Split(
        ReadOnlySpan<float> x, int height, int width, int padding, int tileRows, int tileColumns, Span<float> planes, long planeStride, int used, Span<float> buffer,
        bool mapped, NormalizeOperator map)
    {
        CheckSpans(x.Length, height, width, planes.Length, planeStride, used, tileColumns);
        if (buffer.Length < BufferLength(height, tileColumns))
        {
            throw new ArgumentException($"Winograd split: the staging buffer needs {BufferLength(height, tileColumns)} floats, got {buffer.Length}.");
        }

        fixed (float* source = x, target = planes, scratch = buffer)
        {
            Split(source, height, width, padding, tileRows, tileColumns, target, planeStride, used, scratch, mapped, map);
        }
    }

    /// <summary>
    /// <see cref="WinogradPhases.SplitInput"/> over spans, their lengths checked: the per-row version this split replaces on
    /// the forward pass (with a row buffer: its AVX-512 path; with an empty one: its plain loop), to compare with.
    /// </summary>
    public static void SplitPerRow(
        ReadOnlySpan<float> x, int height, int width, int padding, int tileRows, int tileColumns, Span<float> planes, long planeStride, int used, Span<float> rowBuffer,
        bool mapped, NormalizeOperator map)
    {
        CheckSpans(x.Length, height, width, planes.Length, planeStride, used, tileColumns);
        if (!rowBuffer.IsEmpty && rowBuffer.Length < WinogradPhases.RowBufferLength(tileColumns))
        {
            throw new ArgumentException($"Winograd split: the row buffer needs {WinogradPhases.RowBufferLength(tileColumns)} floats, got {rowBuffer.Length}.");
        }

        fixed (float* source = x, target = planes, scratch = rowBuffer)
        {
            WinogradPhases.SplitInput(source, height, width, padding, tileRows, tileColumns, target, planeStride, used, rowBuffer.IsEmpty ? null : scratch, mapped, map);
        }
    }

    /// <summary>
    /// Writes the 24 phase planes of one input plane exactly as <see cref="WinogradPhases.SplitInput"/> does on the
    /// Vector512 path (plane (r, q), row a, column b = x(4a + r − padding, 4b + q − padding), through
    /// <paramref name="map"/> when <paramref name="mapped"/>, zero outside the image; zeros up to <paramref name="used"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Split(
        float* x, int height, int width, int padding, int tileRows, int tileColumns, float* planes, long planeStride, int used, float* buffer,
        bool mapped, NormalizeOperator map)
    {
        int rowLength = WinogradPhases.RowBufferLength(tileColumns);
        for (int y = 0; y < height; y++)
        {
            // row[c] = x(y, c − padding): zeros left and right of the image row, which the permutes below read.
            float* row = buffer + ((long)y * rowLength);
            for (int c = 0; c < padding; c++)
            {
                row[c] = 0f;
            }

            if (mapped)
            {
                MapRow(x + ((long)y * width), row + padding, width, map);
            }
            else
            {
                CopyRow(x + ((long)y * width), row + padding, width);
            }

            ClearRow(row + padding + width, rowLength - padding - width);
        }

        int chunks = RoundUp8(tileColumns) / 8;
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
                    for (int chunk = 0; chunk < chunks; chunk++)
                    {
                        float* d = dst + (8 * chunk);
                        for (int q = 0; q < 6; q++)
                        {
                            Avx.Store(d + (q * planeStride), Vector256<float>.Zero);
                        }
                    }

                    continue;
                }

                float* row = buffer + ((long)y * rowLength);
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
                    Avx.Store(d, q01.GetLower());
                    Avx.Store(d + planeStride, q01.GetUpper());
                    Avx.Store(d + (2 * planeStride), q23.GetLower());
                    Avx.Store(d + (3 * planeStride), q23.GetUpper());
                    Avx.Store(d + (4 * planeStride), q45.GetLower());
                    Avx.Store(d + (5 * planeStride), q45.GetUpper());
                }
            }
        }

        // Writes may run up to 7 floats past a plane row: the tails are cleared last.
        int filled = (tileRows + 1) * tileColumns;
        ClearTails(planes, 12, planeStride, filled, used);
        ClearTails(planes + (12 * planeStride), 12, planeStride, filled - tileColumns, used);
    }

    private static void CheckSpans(int inputLength, int height, int width, int planesLength, long planeStride, int used, int tileColumns)
    {
        if (inputLength < (long)height * width || planeStride < used + 8 || planesLength < WinogradPhases.InputPlanes * planeStride || used < tileColumns)
        {
            throw new ArgumentException($"Winograd split: a {height}x{width} plane needs {(long)height * width} input floats (got {inputLength}) and {WinogradPhases.InputPlanes} planes of at least {used + 8} floats (got {planesLength} floats, stride {planeStride}).");
        }
    }

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

    private static int RoundUp8(int value) => (value + 7) & ~7;
}
