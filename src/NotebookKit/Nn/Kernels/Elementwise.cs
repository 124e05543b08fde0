using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>The element-wise and reduction kernels the layers use, each with a 512-bit, a 256-bit and a plain-loop path.</summary>
/// <remarks>
/// Element-wise results are identical on every path. Reductions (<see cref="Sum"/>, <see cref="SumSquaredDeviation"/>,
/// <see cref="SumAndDot"/>) add in 16 (512-bit), 8 (256-bit) or 1 (scalar) interleaved lanes, then the lanes in
/// order, then the tail: a fixed order for a given path, so a result never depends on timing; paths differ by
/// float32 rounding only.
/// </remarks>
public static class Elementwise
{
    /// <summary>ReLU in place: x = max(x, 0) (PyTorch <c>relu_</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(Span<float> x, SimdPath path = SimdPath.Auto)
    {
        path = SimdDispatch.Resolve(path);
        ref float r = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            for (; i <= x.Length - 16; i += 16)
            {
                Vector512.Max(Vector512.LoadUnsafe(ref r, (nuint)i), Vector512<float>.Zero).StoreUnsafe(ref r, (nuint)i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            for (; i <= x.Length - 8; i += 8)
            {
                Vector256.Max(Vector256.LoadUnsafe(ref r, (nuint)i), Vector256<float>.Zero).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    /// <summary>ReLU backward in place: dy = y &gt; 0 ? dy : 0, where y is the ReLU output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> y, Span<float> dy, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(y.Length, dy.Length, nameof(dy));
        path = SimdDispatch.Resolve(path);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rd = ref MemoryMarshal.GetReference(dy);
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            for (; i <= y.Length - 16; i += 16)
            {
                var keep = Vector512.GreaterThan(Vector512.LoadUnsafe(ref ry, (nuint)i), Vector512<float>.Zero);
                (Vector512.LoadUnsafe(ref rd, (nuint)i) & keep).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            for (; i <= y.Length - 8; i += 8)
            {
                var keep = Vector256.GreaterThan(Vector256.LoadUnsafe(ref ry, (nuint)i), Vector256<float>.Zero);
                (Vector256.LoadUnsafe(ref rd, (nuint)i) & keep).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < y.Length; i++)
        {
            dy[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    /// <summary>Element-wise product: destination = x · y (dropout's mask).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            for (; i <= x.Length - 16; i += 16)
            {
                (Vector512.LoadUnsafe(ref rx, (nuint)i) * Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            for (; i <= x.Length - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref rx, (nuint)i) * Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = x[i] * y[i];
        }
    }

    /// <summary>Accumulates: destination += x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> x, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            for (; i <= x.Length - 16; i += 16)
            {
                (Vector512.LoadUnsafe(ref rd, (nuint)i) + Vector512.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            for (; i <= x.Length - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref rd, (nuint)i) + Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] += x[i];
        }
    }

    /// <summary>An affine map: destination = x · scale + shift (batch-norm normalise and scale).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            Vector512<float> s = Vector512.Create(scale), t = Vector512.Create(shift);
            for (; i <= x.Length - 16; i += 16)
            {
                ((Vector512.LoadUnsafe(ref rx, (nuint)i) * s) + t).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            Vector256<float> s = Vector256.Create(scale), t = Vector256.Create(shift);
            for (; i <= x.Length - 8; i += 8)
            {
                ((Vector256.LoadUnsafe(ref rx, (nuint)i) * s) + t).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] * scale) + shift;
        }
    }

    /// <summary>Shift then scale: destination = (x + shift) · scale (batch-norm normalisation, subtracting the mean before scaling to avoid cancellation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ShiftScale(ReadOnlySpan<float> x, float shift, float scale, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            Vector512<float> s = Vector512.Create(scale), t = Vector512.Create(shift);
            for (; i <= x.Length - 16; i += 16)
            {
                ((Vector512.LoadUnsafe(ref rx, (nuint)i) + t) * s).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            Vector256<float> s = Vector256.Create(scale), t = Vector256.Create(shift);
            for (; i <= x.Length - 8; i += 8)
            {
                ((Vector256.LoadUnsafe(ref rx, (nuint)i) + t) * s).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] + shift) * scale;
        }
    }

    /// <summary>A three-term combination: destination = a·x + b·y + c (batch-norm backward).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine(ReadOnlySpan<float> x, float a, ReadOnlySpan<float> y, float b, float c, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (path == SimdPath.Vector512)
        {
            Vector512<float> va = Vector512.Create(a), vb = Vector512.Create(b), vc = Vector512.Create(c);
            for (; i <= x.Length - 16; i += 16)
            {
                ((Vector512.LoadUnsafe(ref rx, (nuint)i) * va) + (Vector512.LoadUnsafe(ref ry, (nuint)i) * vb) + vc).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (path == SimdPath.Vector256)
        {
            Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b), vc = Vector256.Create(c);
            for (; i <= x.Length - 8; i += 8)
            {
                ((Vector256.LoadUnsafe(ref rx, (nuint)i) * va) + (Vector256.LoadUnsafe(ref ry, (nuint)i) * vb) + vc).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] * a) + (y[i] * b) + c;
        }
    }

    /// <summary>The sum of x, in the path's fixed lane order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(ReadOnlySpan<float> x, SimdPath path = SimdPath.Auto)
    {
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        int i = 0;
        float sum = 0f;
        if (path == SimdPath.Vector512)
        {
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i <= x.Length - 16; i += 16)
            {
                acc += Vector512.LoadUnsafe(ref rx, (nuint)i);
            }

            sum = LaneSum(acc);
        }
        else if (path == SimdPath.Vector256)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            for (; i <= x.Length - 8; i += 8)
            {
                acc += Vector256.LoadUnsafe(ref rx, (nuint)i);
            }

            sum = LaneSum(acc);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    /// <summary>The sum of squared deviations, Σ (x − mean)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float SumSquaredDeviation(ReadOnlySpan<float> x, float mean, SimdPath path = SimdPath.Auto)
    {
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        int i = 0;
        float sum = 0f;
        if (path == SimdPath.Vector512)
        {
            Vector512<float> acc = Vector512<float>.Zero, m = Vector512.Create(mean);
            for (; i <= x.Length - 16; i += 16)
            {
                var d = Vector512.LoadUnsafe(ref rx, (nuint)i) - m;
                acc += d * d;
            }

            sum = LaneSum(acc);
        }
        else if (path == SimdPath.Vector256)
        {
            Vector256<float> acc = Vector256<float>.Zero, m = Vector256.Create(mean);
            for (; i <= x.Length - 8; i += 8)
            {
                var d = Vector256.LoadUnsafe(ref rx, (nuint)i) - m;
                acc += d * d;
            }

            sum = LaneSum(acc);
        }

        for (; i < x.Length; i++)
        {
            float d = x[i] - mean;
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Σx and Σx·y in one pass (batch-norm backward: Σdy and Σdy·x̂).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Sum, float Dot) SumAndDot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        path = SimdDispatch.Resolve(path);
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        float sum = 0f, dot = 0f;
        if (path == SimdPath.Vector512)
        {
            Vector512<float> s = Vector512<float>.Zero, d = Vector512<float>.Zero;
            for (; i <= x.Length - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref rx, (nuint)i);
                s += v;
                d += v * Vector512.LoadUnsafe(ref ry, (nuint)i);
            }

            (sum, dot) = (LaneSum(s), LaneSum(d));
        }
        else if (path == SimdPath.Vector256)
        {
            Vector256<float> s = Vector256<float>.Zero, d = Vector256<float>.Zero;
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref rx, (nuint)i);
                s += v;
                d += v * Vector256.LoadUnsafe(ref ry, (nuint)i);
            }

            (sum, dot) = (LaneSum(s), LaneSum(d));
        }

        for (; i < x.Length; i++)
        {
            sum += x[i];
            dot += x[i] * y[i];
        }

        return (sum, dot);
    }


    // Lanes are added first to last, so the order is fixed (Vector.Sum's order is not documented on net8).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LaneSum(Vector512<float> v)
    {
        float s = 0f;
        for (int i = 0; i < Vector512<float>.Count; i++)
        {
            s += v.GetElement(i);
        }

        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LaneSum(Vector256<float> v)
    {
        float s = 0f;
        for (int i = 0; i < Vector256<float>.Count; i++)
        {
            s += v.GetElement(i);
        }

        return s;
    }

    private static void CheckSameLength(int expected, int actual, string name)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Length mismatch: {name} has {actual} elements, expected {expected}.", name);
        }
    }
}
