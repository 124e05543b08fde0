using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>The element-wise and reduction kernels the layers use, on every path of <see cref="SimdPath"/>.</summary>
/// <remarks>
/// Each is an operator struct (ElementwiseOperators.cs) run by <see cref="ElementwiseEngine"/>: one loop
/// for all widths. Element-wise results are identical on every path. Reductions (<see cref="Sum"/>,
/// <see cref="SumSquaredDeviation"/>, <see cref="SumAndDot"/>) keep one partial sum per lane (16, 8 or 1), add the
/// lanes first to last, then the remainder in order: a fixed order, so a result never depends on timing; paths differ
/// by float32 rounding only. (Lane-parallel summation with a library whose order is unspecified would make batch
/// statistics, and so training runs, differ between machines and releases.)
/// </remarks>
public static class Elementwise
{
    /// <summary>ReLU in place: x = max(x, 0) (PyTorch <c>relu_</c>; NaN becomes 0).</summary>
    public static void Relu(Span<float> x, SimdPath path = SimdPath.Auto) =>
        ElementwiseEngine.Map(default(ReluOperator), x, [], [], x, path);

    /// <summary>ReLU backward in place: dy = y &gt; 0 ? dy : 0, where y is the ReLU output.</summary>
    public static void ReluBackward(ReadOnlySpan<float> y, Span<float> dy, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(y.Length, dy.Length, nameof(dy));
        ElementwiseEngine.Map(default(ReluBackwardOperator), y, dy, [], dy, path);
    }

    /// <summary>Element-wise product: destination = x · y (dropout's mask).</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        ElementwiseEngine.Map(default(MultiplyOperator), x, y, [], destination, path);
    }

    /// <summary>Accumulates: destination += x.</summary>
    public static void Add(ReadOnlySpan<float> x, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        ElementwiseEngine.Map(default(AddOperator), x, destination, [], destination, path);
    }

    /// <summary>An affine map: destination = x · scale + shift (batch-norm normalise and scale).</summary>
    public static void ScaleShift(ReadOnlySpan<float> x, float scale, float shift, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        ElementwiseEngine.Map(new ScaleShiftOperator(scale, shift), x, [], [], destination, path);
    }

    /// <summary>Shift then scale: destination = (x + shift) · scale (batch-norm normalisation, subtracting the mean before scaling to avoid cancellation).</summary>
    public static void ShiftScale(ReadOnlySpan<float> x, float shift, float scale, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        ElementwiseEngine.Map(new ShiftScaleOperator(shift, scale), x, [], [], destination, path);
    }

    /// <summary>A three-term combination: destination = a·x + b·y + c (batch-norm backward).</summary>
    public static void Combine(ReadOnlySpan<float> x, float a, ReadOnlySpan<float> y, float b, float c, Span<float> destination, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        CheckSameLength(x.Length, destination.Length, nameof(destination));
        ElementwiseEngine.Map(new CombineOperator(a, b, c), x, y, [], destination, path);
    }

    /// <summary>The sum of x, in the path's fixed lane order.</summary>
    public static float Sum(ReadOnlySpan<float> x, SimdPath path = SimdPath.Auto) =>
        ElementwiseEngine.Reduce(default(SumOperator), x, [], path).First;

    /// <summary>The sum of squared deviations, Σ (x − mean)².</summary>
    public static float SumSquaredDeviation(ReadOnlySpan<float> x, float mean, SimdPath path = SimdPath.Auto) =>
        ElementwiseEngine.Reduce(new SquaredDeviationOperator(mean), x, [], path).First;

    /// <summary>Σx and Σx·y in one pass (batch-norm backward: Σdy and Σdy·x̂).</summary>
    public static (float Sum, float Dot) SumAndDot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, SimdPath path = SimdPath.Auto)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        return ElementwiseEngine.Reduce(default(SumAndDotOperator), x, y, path);
    }

    private static void CheckSameLength(int expected, int actual, string name)
    {
        if (expected != actual)
        {
            throw new ArgumentException($"Length mismatch: {name} has {actual} elements, expected {expected}.", name);
        }
    }
}
