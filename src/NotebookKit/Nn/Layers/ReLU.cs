using System.Runtime.CompilerServices;
using NotebookKit.Nn.Kernels;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>Rectified linear unit, y = max(x, 0) (PyTorch <c>nn.ReLU</c>).</summary>
/// <remarks>
/// With <c>inPlace</c> (PyTorch <c>inplace=True</c>) the input buffer is overwritten and the gradient is masked in
/// place, saving a pass over memory; models use it right after a layer that owns its output. Backward uses the
/// output as the mask (y &gt; 0), as PyTorch's <c>threshold_backward</c> does.
/// </remarks>
public sealed class ReLU(bool inPlace = false) : LayerBase
{
    private Tensor? output, inputGradient;

    /// <summary>Whether the input is overwritten (PyTorch <c>inplace</c>).</summary>
    public bool InPlace { get; } = inPlace;

    /// <summary>
    /// Set by a model that fuses this in-place ReLU into its neighbours: the layer before applies max(·, 0) as it writes
    /// its output and the layer after masks the gradient as it writes it, so both passes here are no-ops.
    /// </summary>
    internal bool AppliedByNeighbours { get; set; }

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int> inputShape) => [.. inputShape];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (AppliedByNeighbours)
        {
            LastInput = training ? input : null;
            return input;
        }

        Tensor y = InPlace ? input : Reuse(ref output, input.Shape);
        if (!InPlace)
        {
            input.Span.CopyTo(y.Span);
        }

        Parallel(y.Span.Length, (s, e) => Elementwise.Relu(y.Data.AsSpan(s, e - s)));
        LastInput = training ? y : null;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor y = RequireForward(outputGradient, "ReLU");
        if (!ComputeInputGradient)
        {
            return NoGradient;
        }

        if (AppliedByNeighbours)
        {
            return outputGradient;
        }

        Tensor dx = InPlace ? outputGradient : Reuse(ref inputGradient, y.Shape);
        if (!InPlace)
        {
            outputGradient.Span.CopyTo(dx.Span);
        }

        Parallel(y.Length, (s, e) => Elementwise.ReluBackward(y.Data.AsSpan(s, e - s), dx.Data.AsSpan(s, e - s)));
        return dx;
    }

    internal static void Parallel(int length, Action<int, int> body)
    {
        int chunks = NnThreads.ChunksFor(length, 1 << 15);
        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (s, e) = NnThreads.Range(length, chunks, t);
            body(s, e);
        });
    }
}
