using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>The one loop every element-wise and reduction kernel in <c>Nn</c> runs on.</summary>
/// <remarks>
/// The path is resolved once (<see cref="SimdDispatch.Resolve"/>); the loop then runs whole registers of that width
/// and the remainder through the same operator one float at a time. Operators are structs, so each
/// (operator, width) pair is compiled separately with the operator inlined: no delegate, no virtual call.
/// </remarks>
internal static unsafe class ElementwiseEngine
{
    /// <summary>destination[i] = op(x[i], y[i], z[i]); inputs not given are read as x.</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> destination, SimdPath path)
        where TOp : struct, IElementwiseOperator
    {
        int n = destination.Length;
        CheckLength(x.Length, n, "x");
        CheckLength(y.IsEmpty ? n : y.Length, n, "y");
        CheckLength(z.IsEmpty ? n : z.Length, n, "z");
        fixed (float* px = x, py0 = y, pz0 = z, pd = destination)
        {
            float* py = y.IsEmpty ? px : py0, pz = z.IsEmpty ? px : pz0;
            switch (SimdDispatch.Resolve(path))
            {
                case SimdPath.Vector512:
                    Map<TOp, Lanes512, Vector512<float>>(op, px, py, pz, pd, n);
                    break;
                case SimdPath.Vector256:
                    Map<TOp, Lanes256, Vector256<float>>(op, px, py, pz, pd, n);
                    break;
                default:
                    Map<TOp, Lanes1, float>(op, px, py, pz, pd, n);
                    break;
            }
        }
    }

    /// <summary>Runs <paramref name="op"/> over x and y (y may be empty: then x) and returns the two sums.</summary>
    public static (float First, float Second) Reduce<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, SimdPath path)
        where TOp : struct, IReductionOperator
    {
        int n = x.Length;
        CheckLength(y.IsEmpty ? n : y.Length, n, "y");
        fixed (float* px = x, py0 = y)
        {
            float* py = y.IsEmpty ? px : py0;
            return SimdDispatch.Resolve(path) switch
            {
                SimdPath.Vector512 => Reduce<TOp, Lanes512, Vector512<float>>(op, px, py, n),
                SimdPath.Vector256 => Reduce<TOp, Lanes256, Vector256<float>>(op, px, py, n),
                _ => Reduce<TOp, Lanes1, float>(op, px, py, n),
            };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Map<TOp, TL, TV>(TOp op, float* x, float* y, float* z, float* destination, int n)
        where TOp : struct, IElementwiseOperator
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        int i = 0;
        for (; i <= n - TL.Count; i += TL.Count)
        {
            TL.Store(destination + i, op.Invoke<TL, TV>(TL.Load(x + i), TL.Load(y + i), TL.Load(z + i)));
        }

        for (; i < n; i++)
        {
            destination[i] = op.Invoke<Lanes1, float>(x[i], y[i], z[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float First, float Second) Reduce<TOp, TL, TV>(TOp op, float* x, float* y, int n)
        where TOp : struct, IReductionOperator
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV first = TL.Zero, second = TL.Zero;
        int i = 0;
        for (; i <= n - TL.Count; i += TL.Count)
        {
            op.Accumulate<TL, TV>(ref first, ref second, TL.Load(x + i), TL.Load(y + i));
        }

        float a = TL.SumLanes(first), b = TL.SumLanes(second);
        for (; i < n; i++)
        {
            op.Accumulate<Lanes1, float>(ref a, ref b, x[i], y[i]);
        }

        return (a, b);
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Length mismatch: {name} has {actual} elements, expected {expected}.", name);
        }
    }
}
