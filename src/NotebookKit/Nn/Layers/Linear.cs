using System.Runtime.CompilerServices;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>A fully connected layer, y = x·Wᵀ + b (PyTorch <c>nn.Linear</c>, Keras <c>Dense</c>).</summary>
/// <remarks>
/// reference: https://pytorch.org/docs/1.13/generated/torch.nn.Linear.html. Input [batch, in], output [batch, out],
/// weight [out, in]. Backward: dW += dyᵀ·x, db += Σ_batch dy, dx = dy·W. Default initialisation as PyTorch:
/// W, b ~ U(−1/√in, 1/√in).
/// </remarks>
public sealed class Linear : LayerBase
{
    private Tensor? output, inputGradient;

    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="name">The module name; parameters are <c>{name}.weight</c> and <c>{name}.bias</c>.</param>
    /// <param name="inFeatures">PyTorch <c>in_features</c>.</param>
    /// <param name="outFeatures">PyTorch <c>out_features</c>.</param>
    /// <param name="random">The initialisation stream.</param>
    public Linear(string name, int inFeatures, int outFeatures, SeededRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures, "in_features");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures, "out_features");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter($"{name}.weight", outFeatures, inFeatures);
        Bias = new Parameter($"{name}.bias", outFeatures);
        InitUniform(Weight, inFeatures, random);
        InitUniform(Bias, inFeatures, random);
        Parameters = [Weight, Bias];
    }

    /// <summary>PyTorch <c>in_features</c>.</summary>
    public int InFeatures { get; }

    /// <summary>PyTorch <c>out_features</c>.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight [out, in].</summary>
    public Parameter Weight { get; }

    /// <summary>The bias [out].</summary>
    public Parameter Bias { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int> inputShape) => [inputShape[0], OutFeatures];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, 2, "Linear", (1, InFeatures, "in_features"));
        int batch = input.Shape[0];
        Tensor y = Reuse(ref output, [batch, OutFeatures]);
        LastInput = training ? input : null;
        if (DenseForward.Applies(batch, InFeatures, OutFeatures, SimdPath.Auto))
        {
            // A weight larger than a core's L2: read it in place instead of packing it (same bits as the GEMM below).
            DenseForward.Forward(input.Data, Weight.Value, Bias.Value, y.Data, batch, InFeatures, OutFeatures, NnThreads.Count);
            return y;
        }

        // Start every row from the bias, then accumulate x·Wᵀ on top (bias add fused into the GEMM's store).
        for (int i = 0; i < batch; i++)
        {
            Bias.Value.CopyTo(y.Data, i * OutFeatures);
        }

        Gemm.Multiply(false, true, batch, OutFeatures, InFeatures, input.Span, InFeatures, Weight.Value, InFeatures, y.Span, OutFeatures, accumulate: true, threads: NnThreads.Count);
        return y;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor x = RequireForward(outputGradient, "Linear");
        int batch = x.Shape[0];
        ReadOnlySpan<float> dy = outputGradient.Span;
        // dW: stored, not added, right after a zero_grad (nothing to clear or read back: 8 MB for a 4096 × 512 weight).
        float[] weightGrad = Weight.GradForFullWrite(out bool overwrite);
        if (DenseBackward.Applies(InFeatures, OutFeatures, SimdPath.Auto))
        {
            // A weight larger than a core's L2: each thread writes whole rows of dW in long runs instead of 128-byte
            // pieces of rows 16 KB apart (same bits as the GEMM below).
            DenseBackward.WeightGradient(outputGradient.Data, x.Data, weightGrad, batch, InFeatures, OutFeatures, accumulate: !overwrite, NnThreads.Count);
        }
        else
        {
            Gemm.Multiply(true, false, OutFeatures, InFeatures, batch, dy, OutFeatures, x.Span, InFeatures, weightGrad, InFeatures, accumulate: !overwrite, threads: NnThreads.Count);
        }

        for (int i = 0; i < batch; i++)
        {
            Elementwise.Add(dy.Slice(i * OutFeatures, OutFeatures), Bias.Grad);
        }

        if (!ComputeInputGradient)
        {
            return NoGradient;
        }

        Tensor dx = Reuse(ref inputGradient, x.Shape);
        Gemm.Multiply(false, false, batch, InFeatures, OutFeatures, dy, OutFeatures, Weight.Value, InFeatures, dx.Span, InFeatures, threads: NnThreads.Count);
        return dx;
    }
}
