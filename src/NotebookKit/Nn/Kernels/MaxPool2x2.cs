using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>2×2, stride-2 max pooling of one plane (PyTorch <c>MaxPool2d(2)</c>): forward with the argmax, and a dense backward.</summary>
/// <remarks>
/// The argmax is one byte per output, the maximum's place in its window: 0 top left, 1 top right, 2 bottom left, 3
/// bottom right (<see cref="PlaneIndex"/> turns it into the index in the plane). A quarter of an index's four bytes, so a
/// quarter of the memory traffic for the forward pass's stores and the backward pass's loads.
/// </remarks>
/// <remarks>
/// <para>Forward keeps the first maximum in row-major window order, and a NaN wins (PyTorch's CPU rule: a candidate
/// replaces the maximum when it is greater or NaN). The vector paths split each input row into even and odd columns
/// with permutes and apply the same rule with lane masks, 16 (512-bit, then 8 with 256-bit) or 8 (256-bit) outputs at
/// a time; every path gives the same values and indices.</para>
/// <para>Backward writes every input position of the plane once: the output gradient where the window's argmax is,
/// zero elsewhere (including a last row or column no window covers), so the input gradient needs no clearing pass.</para>
/// </remarks>
internal static unsafe class MaxPool2x2
{
    /// <summary>
    /// y[oy, ox] = max of the window at (2·oy, 2·ox); arg = its place in the window (0-3, row-major).
    /// With <paramref name="mapped"/>, the plane's values go through <paramref name="map"/> (a deferred batch norm's output) first.
    /// Given <paramref name="nextPlane"/> (a later plane of the same size), its lines are requested as the matching rows
    /// of this one are read: a tensor's planes lie one after the other, but the hardware prefetchers stop at each 4 KB
    /// page, so without it every page of the input would begin with cache misses. Prefetches only: the same values.
    /// </summary>
    public static void Forward(
        ReadOnlySpan<float> plane, int width, int outHeight, int outWidth, Span<float> y, Span<byte> arg, SimdPath path,
        bool mapped = false, NormalizeOperator map = default, ReadOnlySpan<float> nextPlane = default)
    {
        if (plane.Length < 2L * outHeight * width || 2 * outWidth > width || y.Length < (long)outHeight * outWidth || arg.Length < y.Length
            || (!nextPlane.IsEmpty && nextPlane.Length < 2L * outHeight * width))
        {
            throw new ArgumentException($"MaxPool2x2: a {outHeight}x{outWidth} output needs planes of at least {2 * outHeight} rows of {width} >= {2 * outWidth} values.");
        }

        fixed (float* px = plane, py = y, pn = nextPlane)
        fixed (byte* pa = arg)
        {
            path = SimdDispatch.Resolve(path);
            float* ahead = path == SimdPath.Scalar ? null : pn;
            if (mapped)
            {
                Forward(px, width, outHeight, outWidth, py, pa, path, new Mapped(map), ahead);
            }
            else
            {
                Forward(px, width, outHeight, outWidth, py, pa, path, default(Identity), ahead);
            }
        }
    }

    /// <summary>The index in a plane of width <paramref name="width"/> of the maximum of output (oy, ox) whose place in its window is <paramref name="place"/>.</summary>
    public static int PlaneIndex(int oy, int ox, int width, byte place) => (((2 * oy) + (place >> 1)) * width) + (2 * ox) + (place & 1);

    /// <summary>dx over the whole plane [height × width]: dy at each window's argmax, zero everywhere else.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<byte> arg, int height, int width, Span<float> dx, SimdPath path)
    {
        int outHeight = height / 2, outWidth = width / 2;
        if (dy.Length < outHeight * outWidth || arg.Length < dy.Length || dx.Length < (long)height * width)
        {
            throw new ArgumentException($"MaxPool2x2: a {height}x{width} plane needs {outHeight * outWidth} gradients and indices and {(long)height * width} input-gradient values.");
        }

        fixed (float* pg = dy, pd = dx)
        fixed (byte* pa = arg)
        {
            Backward(pg, pa, height, width, outHeight, outWidth, pd, SimdDispatch.Resolve(path));
        }
    }

    private static void Forward<TMap>(float* plane, int width, int outHeight, int outWidth, float* y, byte* arg, SimdPath path, TMap map, float* nextPlane)
        where TMap : struct, IElementwiseOperator
    {
        for (int oy = 0; oy < outHeight; oy++)
        {
            int top = 2 * oy * width;
            for (int i = 0; nextPlane != null && i < 2 * width; i += 16)
            {
                Sse.Prefetch0(nextPlane + top + i);
            }

            float* r0 = plane + top, r1 = r0 + width, yRow = y + ((long)oy * outWidth);
            byte* aRow = arg + ((long)oy * outWidth);
            int ox = path == SimdPath.Vector512 ? Row16(r0, r1, outWidth, yRow, aRow, map) : 0;
            ox = path == SimdPath.Scalar ? ox : Row8(r0, r1, ox, outWidth, yRow, aRow, map);
            for (; ox < outWidth; ox++)
            {
                // Branch-free selects: pooling inputs are data-dependent coin flips for a branch predictor.
                int x = 2 * ox, best = 0;
                float max = Map(map, r0[x]), v = Map(map, r0[x + 1]);
                bool take = (v > max) | float.IsNaN(v);
                max = take ? v : max;
                best = take ? 1 : best;
                v = Map(map, r1[x]);
                take = (v > max) | float.IsNaN(v);
                max = take ? v : max;
                best = take ? 2 : best;
                v = Map(map, r1[x + 1]);
                take = (v > max) | float.IsNaN(v);
                max = take ? v : max;
                best = take ? 3 : best;
                yRow[ox] = max;
                aRow[ox] = (byte)best;
            }
        }
    }

    private static void Backward(float* dy, byte* arg, int height, int width, int outHeight, int outWidth, float* dx, SimdPath path)
    {
        for (int oy = 0; oy < outHeight; oy++)
        {
            int top = 2 * oy * width;
            float* d0 = dx + top, d1 = d0 + width, g = dy + ((long)oy * outWidth);
            byte* a = arg + ((long)oy * outWidth);
            int ox = path == SimdPath.Vector512 ? BackwardRow16(g, a, outWidth, d0, d1) : 0;
            ox = path == SimdPath.Scalar ? ox : BackwardRow8(g, a, ox, outWidth, d0, d1);
            for (; ox < outWidth; ox++)
            {
                int x = 2 * ox, at = a[ox];
                float v = g[ox];
                d0[x] = at == 0 ? v : 0f;
                d0[x + 1] = at == 1 ? v : 0f;
                d1[x] = at == 2 ? v : 0f;
                d1[x + 1] = at == 3 ? v : 0f;
            }

            if (width > 2 * outWidth)
            {
                // An odd last column belongs to no window.
                new Span<float>(d0 + (2 * outWidth), width - (2 * outWidth)).Clear();
                new Span<float>(d1 + (2 * outWidth), width - (2 * outWidth)).Clear();
            }
        }

        if (height > 2 * outHeight)
        {
            new Span<float>(dx + (2L * outHeight * width), (height - (2 * outHeight)) * width).Clear();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Row16<TMap>(float* r0, float* r1, int outWidth, float* y, byte* arg, TMap map)
        where TMap : struct, IElementwiseOperator
    {
        int done = outWidth & ~15;
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        Vector512<int> odd = even + Vector512<int>.One;
        for (int ox = 0; ox < done; ox += 16)
        {
            int x = 2 * ox;
            Vector512<float> t0 = Map(map, Avx512F.LoadVector512(r0 + x)), t1 = Map(map, Avx512F.LoadVector512(r0 + x + 16));
            Vector512<float> b0 = Map(map, Avx512F.LoadVector512(r1 + x)), b1 = Map(map, Avx512F.LoadVector512(r1 + x + 16));
            Vector512<float> max = Avx512F.PermuteVar16x32x2(t0, even, t1);
            Vector512<int> best = Vector512<int>.Zero;
            Take(ref max, ref best, Avx512F.PermuteVar16x32x2(t0, odd, t1), Vector512<int>.One);
            Take(ref max, ref best, Avx512F.PermuteVar16x32x2(b0, even, b1), Vector512.Create(2));
            Take(ref max, ref best, Avx512F.PermuteVar16x32x2(b0, odd, b1), Vector512.Create(3));
            Avx512F.Store(y + ox, max);
            Sse2.Store(arg + ox, Avx512F.ConvertToVector128Byte(best));
        }

        return done;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector512<float> max, ref Vector512<int> best, Vector512<float> v, Vector512<int> index)
    {
        // v > max, or v is NaN (v != v): the scalar rule, lane by lane.
        Vector512<float> take = Vector512.GreaterThan(v, max) | ~Vector512.Equals(v, v);
        max = Vector512.ConditionalSelect(take, v, max);
        best = Vector512.ConditionalSelect(take.AsInt32(), index, best);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Row8<TMap>(float* r0, float* r1, int start, int outWidth, float* y, byte* arg, TMap map)
        where TMap : struct, IElementwiseOperator
    {
        int ox = start;
        for (; ox <= outWidth - 8; ox += 8)
        {
            int x = 2 * ox;
            var (a, b) = EvenOdd(Map(map, Avx.LoadVector256(r0 + x)), Map(map, Avx.LoadVector256(r0 + x + 8)));
            var (c, d) = EvenOdd(Map(map, Avx.LoadVector256(r1 + x)), Map(map, Avx.LoadVector256(r1 + x + 8)));
            Vector256<float> max = a;
            Vector256<int> best = Vector256<int>.Zero;
            Take(ref max, ref best, b, Vector256<int>.One);
            Take(ref max, ref best, c, Vector256.Create(2));
            Take(ref max, ref best, d, Vector256.Create(3));
            Avx.Store(y + ox, max);
            // Places 0-3 narrowed to bytes, in order, and the eight stored as one 64-bit value.
            Vector256<sbyte> places = Vector256.Narrow(Vector256.Narrow(best, Vector256<int>.Zero), Vector256<short>.Zero);
            *(ulong*)(arg + ox) = places.AsUInt64().ToScalar();
        }

        return ox;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) EvenOdd(Vector256<float> lo, Vector256<float> hi)
    {
        // Shuffle interleaves 128-bit lanes ([lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6]); the 64-bit permute restores order.
        Vector256<float> even = Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0x88).AsDouble(), 0xD8).AsSingle();
        Vector256<float> odd = Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0xDD).AsDouble(), 0xD8).AsSingle();
        return (even, odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector256<float> max, ref Vector256<int> best, Vector256<float> v, Vector256<int> index)
    {
        Vector256<float> take = Vector256.GreaterThan(v, max) | ~Vector256.Equals(v, v);
        max = Vector256.ConditionalSelect(take, v, max);
        best = Vector256.ConditionalSelect(take.AsInt32(), index, best);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Map<TMap>(TMap map, float x)
        where TMap : struct, IElementwiseOperator => map.Invoke<Lanes1, float>(x, x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Map<TMap>(TMap map, Vector256<float> x)
        where TMap : struct, IElementwiseOperator => map.Invoke<Lanes256, Vector256<float>>(x, x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Map<TMap>(TMap map, Vector512<float> x)
        where TMap : struct, IElementwiseOperator => map.Invoke<Lanes512, Vector512<float>>(x, x, x);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BackwardRow16(float* dy, byte* arg, int outWidth, float* d0, float* d1)
    {
        int done = outWidth & ~15;
        Vector512<int> low = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        Vector512<int> high = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        for (int ox = 0; ox < done; ox += 16)
        {
            int x = 2 * ox;
            Vector512<float> g = Avx512F.LoadVector512(dy + ox);
            Vector512<int> at = Avx512F.ConvertToVector512Int32(Sse2.LoadVector128(arg + ox));
            Vector512<float> m0 = Vector512.Equals(at, Vector512<int>.Zero).AsSingle() & g;
            Vector512<float> m1 = Vector512.Equals(at, Vector512<int>.One).AsSingle() & g;
            Vector512<float> m2 = Vector512.Equals(at, Vector512.Create(2)).AsSingle() & g;
            Vector512<float> m3 = Vector512.Equals(at, Vector512.Create(3)).AsSingle() & g;
            Avx512F.Store(d0 + x, Avx512F.PermuteVar16x32x2(m0, low, m1));
            Avx512F.Store(d0 + x + 16, Avx512F.PermuteVar16x32x2(m0, high, m1));
            Avx512F.Store(d1 + x, Avx512F.PermuteVar16x32x2(m2, low, m3));
            Avx512F.Store(d1 + x + 16, Avx512F.PermuteVar16x32x2(m2, high, m3));
        }

        return done;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int BackwardRow8(float* dy, byte* arg, int start, int outWidth, float* d0, float* d1)
    {
        int ox = start;
        for (; ox <= outWidth - 8; ox += 8)
        {
            int x = 2 * ox;
            Vector256<float> g = Avx.LoadVector256(dy + ox);
            Vector256<int> at = Avx2.ConvertToVector256Int32(arg + ox);
            Vector256<float> m0 = Vector256.Equals(at, Vector256<int>.Zero).AsSingle() & g;
            Vector256<float> m1 = Vector256.Equals(at, Vector256<int>.One).AsSingle() & g;
            Vector256<float> m2 = Vector256.Equals(at, Vector256.Create(2)).AsSingle() & g;
            Vector256<float> m3 = Vector256.Equals(at, Vector256.Create(3)).AsSingle() & g;
            // Interleave pairs: unpack within 128-bit lanes, then put the lanes in order.
            Vector256<float> lo01 = Avx.UnpackLow(m0, m1), hi01 = Avx.UnpackHigh(m0, m1);
            Vector256<float> lo23 = Avx.UnpackLow(m2, m3), hi23 = Avx.UnpackHigh(m2, m3);
            Avx.Store(d0 + x, Avx.Permute2x128(lo01, hi01, 0x20));
            Avx.Store(d0 + x + 8, Avx.Permute2x128(lo01, hi01, 0x31));
            Avx.Store(d1 + x, Avx.Permute2x128(lo23, hi23, 0x20));
            Avx.Store(d1 + x + 8, Avx.Permute2x128(lo23, hi23, 0x31));
        }

        return ox;
    }

    /// <summary>No map: the plane's own values.</summary>
    private readonly struct Identity : IElementwiseOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TL, TV>(TV x, TV y, TV z)
            where TL : struct, ILanes<TV>
            where TV : unmanaged => x;
    }

    /// <summary>A deferred batch norm's map.</summary>
    private readonly struct Mapped(NormalizeOperator map) : IElementwiseOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Invoke<TL, TV>(TV x, TV y, TV z)
            where TL : struct, ILanes<TV>
            where TV : unmanaged => map.Invoke<TL, TV>(x, y, z);
    }
}
