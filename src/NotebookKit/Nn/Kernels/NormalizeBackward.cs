using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>
/// Batch norm's backward sums over one channel's rows, Σdy and Σdy·x̂ (x̂ = (x − μ)·σ⁻¹ recomputed), each row's pair in
/// float with the same loop as <see cref="ElementwiseEngine.Reduce{TOp}"/> over <see cref="NormalizeGradientSumsOperator"/>
/// (the same bits), added across rows in double, in row order.
/// </summary>
/// <remarks>
/// A channel's rows of an NCHW tensor are one H·W run per image, C·H·W floats apart: in MiniVGGNet a 4 KB row (one page)
/// then a jump of 128 KB. The hardware prefetchers follow a row but stop at its page's end, so every row began with
/// cache misses on both dy and x. Each vector step here also requests the matching line a few rows ahead (as many rows
/// as make about 4 KB), so the next rows are on their way while this one is summed. Prefetches only: same values.
/// </remarks>
internal static unsafe class NormalizeBackward
{
    /// <summary>Rows ahead whose lines are requested: enough rows to make about 4 KB, at most 4.</summary>
    public static int RowsAhead(int rowLength) => Math.Clamp(1024 / Math.Max(1, rowLength), 1, 4);

    /// <summary>
    /// (Σdy, Σdy·x̂) over rows r of <paramref name="dy"/> and <paramref name="x"/> at offsets <c>start + r·stride</c>,
    /// each row of <paramref name="rowLength"/> values summed in float, the rows added in double in order.
    /// </summary>
    public static (double SumDy, double SumDyXhat) Sums(
        float negativeMean, float inverseStd, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, long start, long stride, int rows, int rowLength, SimdPath path)
    {
        long end = rows == 0 ? 0 : start + ((long)(rows - 1) * stride) + rowLength;
        if (rows < 0 || rowLength < 0 || start < 0 || stride < rowLength || end > dy.Length || end > x.Length)
        {
            throw new ArgumentException($"NormalizeBackward: {rows} rows of {rowLength} from {start}, {stride} apart, do not fit dy ({dy.Length}) and x ({x.Length}).");
        }

        var op = new NormalizeGradientSumsOperator(negativeMean, inverseStd);
        int ahead = RowsAhead(rowLength);
        long last = start + ((long)Math.Max(0, rows - 1) * stride);
        double sumDy = 0, sumDyXhat = 0;
        fixed (float* pdy = dy, px = x)
        {
            for (int r = 0; r < rows; r++)
            {
                long at = start + ((long)r * stride), next = Math.Min(at + (ahead * stride), last);
                var (a, b) = RowSums(op, pdy + at, px + at, rowLength, pdy + next, px + next, path);
                sumDy += a;
                sumDyXhat += b;
            }
        }

        return (sumDy, sumDyXhat);
    }

    /// <summary>
    /// The pair of one row, as <see cref="ElementwiseEngine.Reduce{TOp}"/> computes it, while requesting the lines of
    /// <paramref name="nextX"/> (a later row of x, of the same length).
    /// </summary>
    public static (float SumDy, float SumDyXhat) RowSums(NormalizeGradientSumsOperator op, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, ReadOnlySpan<float> nextX, SimdPath path)
    {
        if (x.Length != dy.Length || nextX.Length != dy.Length)
        {
            throw new ArgumentException($"NormalizeBackward: rows of {dy.Length}, {x.Length} and {nextX.Length} values differ.");
        }

        fixed (float* pdy = dy, px = x, pnext = nextX)
        {
            return RowSums(op, pdy, px, dy.Length, pdy, pnext, path);
        }
    }

    /// <summary>
    /// destination[i] = op(x[i], dy[i]) over one row, as <see cref="ElementwiseEngine.Map{TOp}"/> computes it, while
    /// requesting the lines of <paramref name="nextDestination"/> (a later row of a destination not in cache: its stores
    /// then find their lines there instead of each waiting for a read of its own).
    /// </summary>
    public static void ApplyRow(NormalizeBackwardOperator op, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> destination, ReadOnlySpan<float> nextDestination, SimdPath path)
    {
        int n = destination.Length;
        if (x.Length != n || dy.Length != n || nextDestination.Length != n)
        {
            throw new ArgumentException($"NormalizeBackward: rows of {x.Length}, {dy.Length}, {n} and {nextDestination.Length} values differ.");
        }

        fixed (float* px = x, pdy = dy, pd = destination, pnext = nextDestination)
        {
            switch (SimdDispatch.Resolve(path))
            {
                case SimdPath.Vector512:
                    ApplyRow<Lanes512, Vector512<float>>(op, px, pdy, pd, n, pnext);
                    break;
                case SimdPath.Vector256:
                    ApplyRow<Lanes256, Vector256<float>>(op, px, pdy, pd, n, pnext);
                    break;
                default:
                    ApplyRow<Lanes1, float>(op, px, pdy, pd, n, pnext);
                    break;
            }
        }
    }

    /// <summary>Requests the cache lines of a run of values (no effect on values).</summary>
    public static void Prefetch<T>(ReadOnlySpan<T> run)
        where T : unmanaged
    {
        if (!SimdDispatch.HasVector256)
        {
            return;
        }

        fixed (T* p = run)
        {
            byte* b = (byte*)p;
            long bytes = (long)run.Length * sizeof(T);
            for (long i = 0; i < bytes; i += 64)
            {
                Sse.Prefetch0(b + i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ApplyRow<TL, TV>(NormalizeBackwardOperator op, float* x, float* dy, float* destination, int n, float* nextDestination)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int i = 0;
        for (; i <= n - TL.Count; i += TL.Count)
        {
            if (TL.Count > 1)
            {
                Sse.Prefetch0(nextDestination + i);
            }

            TL.Store(destination + i, op.Invoke<TL, TV>(TL.Load(x + i), TL.Load(dy + i), TL.Load(x + i)));
        }

        for (; i < n; i++)
        {
            destination[i] = op.Invoke<Lanes1, float>(x[i], dy[i], x[i]);
        }
    }

    private static (float First, float Second) RowSums(NormalizeGradientSumsOperator op, float* dy, float* x, int count, float* nextDy, float* nextX, SimdPath path) =>
        SimdDispatch.Resolve(path) switch
        {
            SimdPath.Vector512 => RowSums<Lanes512, Vector512<float>>(op, dy, x, count, nextDy, nextX),
            SimdPath.Vector256 => RowSums<Lanes256, Vector256<float>>(op, dy, x, count, nextDy, nextX),
            _ => RowSums<Lanes1, float>(op, dy, x, count, nextDy, nextX),
        };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float First, float Second) RowSums<TL, TV>(NormalizeGradientSumsOperator op, float* dy, float* x, int n, float* nextDy, float* nextX)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV first = TL.Zero, second = TL.Zero;
        int i = 0;
        for (; i <= n - TL.Count; i += TL.Count)
        {
            if (TL.Count > 1)
            {
                Sse.Prefetch0(nextDy + i);
                Sse.Prefetch0(nextX + i);
            }

            op.Accumulate<TL, TV>(ref first, ref second, TL.Load(dy + i), TL.Load(x + i));
        }

        float a = TL.SumLanes(first), b = TL.SumLanes(second);
        for (; i < n; i++)
        {
            op.Accumulate<Lanes1, float>(ref a, ref b, dy[i], x[i]);
        }

        return (a, b);
    }
}
