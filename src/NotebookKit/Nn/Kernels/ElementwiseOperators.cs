using System.Runtime.CompilerServices;

namespace NotebookKit.Nn.Kernels;

// The operators of Elementwise and of the layers' fused passes, each a few lines over ILanes (see IElementwiseOperator).

/// <summary>ReLU: x &gt; 0 ? x : 0.</summary>
internal readonly struct ReluOperator : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged => TL.WherePositive(x, x);
}

/// <summary>ReLU backward: x (the ReLU output) &gt; 0 ? y (the gradient) : 0.</summary>
internal readonly struct ReluBackwardOperator : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged => TL.WherePositive(x, y);
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOperator : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged => TL.Multiply(x, y);
}

/// <summary>y + x (accumulation: y is the destination's old value).</summary>
internal readonly struct AddOperator : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged => TL.Add(y, x);
}

/// <summary>x · scale + shift (two roundings).</summary>
internal readonly struct ScaleShiftOperator(float scale, float shift) : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged => TL.Add(TL.Multiply(x, TL.Broadcast(scale)), TL.Broadcast(shift));
}

/// <summary>(x + shift) · scale: batch norm's x̂ = (x − μ)·σ⁻¹, subtracting before scaling to avoid cancellation.</summary>
internal readonly struct ShiftScaleOperator(float shift, float scale) : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged => TL.Multiply(TL.Add(x, TL.Broadcast(shift)), TL.Broadcast(scale));
}

/// <summary>x·a + y·b + c.</summary>
internal readonly struct CombineOperator(float a, float b, float c) : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged =>
        TL.Add(TL.Add(TL.Multiply(x, TL.Broadcast(a)), TL.Multiply(y, TL.Broadcast(b))), TL.Broadcast(c));
}

/// <summary>Batch-norm forward in one pass: γ·x̂ + β with x̂ = (x − μ)·σ⁻¹, the same roundings as normalising and scaling in two.</summary>
internal readonly struct NormalizeOperator(float negativeMean, float inverseStd, float gamma, float beta) : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV xhat = TL.Multiply(TL.Add(x, TL.Broadcast(negativeMean)), TL.Broadcast(inverseStd));
        return TL.Add(TL.Multiply(xhat, TL.Broadcast(gamma)), TL.Broadcast(beta));
    }
}

/// <summary>
/// Batch-norm input gradient from x (the layer's input) and y = dy: a·dy + b·x̂ + c with x̂ recomputed as in the forward
/// pass; with <c>maskByInput</c>, zero where x ≤ 0 (the backward of a ReLU whose output x is).
/// </summary>
internal readonly struct NormalizeBackwardOperator(float negativeMean, float inverseStd, float a, float b, float c, bool maskByInput) : IElementwiseOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TL, TV>(TV x, TV y, TV z)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV xhat = TL.Multiply(TL.Add(x, TL.Broadcast(negativeMean)), TL.Broadcast(inverseStd));
        TV dx = TL.Add(TL.Add(TL.Multiply(y, TL.Broadcast(a)), TL.Multiply(xhat, TL.Broadcast(b))), TL.Broadcast(c));
        return maskByInput ? TL.WherePositive(x, dx) : dx;
    }
}

/// <summary>Σx (first sum only).</summary>
internal readonly struct SumOperator : IReductionOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Accumulate<TL, TV>(ref TV first, ref TV second, TV x, TV y)
        where TL : struct, ILanes<TV>
        where TV : unmanaged => first = TL.Add(first, x);
}

/// <summary>Σ(x − mean)² (first sum only).</summary>
internal readonly struct SquaredDeviationOperator(float mean) : IReductionOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Accumulate<TL, TV>(ref TV first, ref TV second, TV x, TV y)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV d = TL.Subtract(x, TL.Broadcast(mean));
        first = TL.Add(first, TL.Multiply(d, d));
    }
}

/// <summary>Σx and Σx·y.</summary>
internal readonly struct SumAndDotOperator : IReductionOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Accumulate<TL, TV>(ref TV first, ref TV second, TV x, TV y)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        first = TL.Add(first, x);
        second = TL.Add(second, TL.Multiply(x, y));
    }
}

/// <summary>Batch-norm backward sums from dy (x) and the layer's input (y): Σdy and Σdy·x̂, x̂ recomputed as in the forward pass.</summary>
internal readonly struct NormalizeGradientSumsOperator(float negativeMean, float inverseStd) : IReductionOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Accumulate<TL, TV>(ref TV first, ref TV second, TV x, TV y)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV xhat = TL.Multiply(TL.Add(y, TL.Broadcast(negativeMean)), TL.Broadcast(inverseStd));
        first = TL.Add(first, x);
        second = TL.Add(second, TL.Multiply(x, xhat));
    }
}
