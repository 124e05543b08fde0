using System.Runtime.CompilerServices;
using NotebookKit.Nn.Kernels;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>Inverted dropout (PyTorch <c>nn.Dropout</c>): in training, zero each element with probability p and scale the rest by 1/(1 − p); identity in evaluation.</summary>
/// <remarks>
/// reference: https://pytorch.org/docs/1.13/generated/torch.nn.Dropout.html (Srivastava et al. 2014). The mask comes
/// from the model's <see cref="SeededRandom"/>, drawn sequentially (two 24-bit uniforms per 64-bit draw), so a seed
/// gives the same masks on every machine and thread count. PyTorch's own generator differs, so masks are not
/// PyTorch's; the distribution and scaling are.
/// </remarks>
public sealed class Dropout : LayerBase
{
    private readonly SeededRandom random;
    private Tensor? output, inputGradient;
    private float[] mask = [];
    private ulong[] draws = [];
    private bool identity;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">PyTorch <c>p</c>, the probability of zeroing an element, in [0, 1].</param>
    /// <param name="random">The stream masks are drawn from (shared with the model, so checkpoints capture it).</param>
    public Dropout(double p, SeededRandom random)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
        }

        ArgumentNullException.ThrowIfNull(random);
        P = p;
        this.random = random;
    }

    /// <summary>PyTorch <c>p</c>.</summary>
    public double P { get; }

    /// <summary>The mask of the last training-mode forward: 0 or 1/(1 − p) per element.</summary>
    public ReadOnlySpan<float> Mask => mask;

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int> inputShape) => [.. inputShape];

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        identity = !training || P == 0;
        LastInput = training ? input : null;
        if (identity)
        {
            return input;
        }

        if (mask.Length != input.Length)
        {
            mask = new float[input.Length];
        }

        // p = 1 zeroes everything (PyTorch returns zeros rather than dividing by zero).
        float scale = P < 1 ? (float)(1.0 / (1.0 - P)) : 0f;
        float keep = (float)(1.0 - P);
        // u·2⁻²⁴ < keep  ⇔  u < keep·2²⁴ (exact in double): compare the 24-bit integers directly, avoiding a slow
        // unsigned 64-bit to float conversion per element.
        double threshold = keep * 16777216.0;
        int pairs = mask.Length / 2;
        if (draws.Length < pairs)
        {
            draws = new ulong[pairs];
        }

        random.Fill(draws.AsSpan(0, pairs));
        // For integers u < 2²⁴: u < threshold ⇔ u − ⌈threshold⌉ < 0, whose sign bit, smeared, masks the scale's bits.
        // Branch-free: a keep/drop branch would be mispredicted p of the time.
        int limit = (int)Math.Ceiling(threshold);
        uint scaleBits = BitConverter.SingleToUInt32Bits(scale);
        for (int k = 0; k < pairs; k++)
        {
            ulong r = draws[k];
            mask[2 * k] = BitConverter.UInt32BitsToSingle(scaleBits & (uint)(((int)(r >> 40) - limit) >> 31));
            mask[(2 * k) + 1] = BitConverter.UInt32BitsToSingle(scaleBits & (uint)(((int)((r >> 8) & 0xFFFFFF) - limit) >> 31));
        }

        int i = 2 * pairs;
        if (i < mask.Length)
        {
            mask[i] = random.NextSingle() < keep ? scale : 0f;
        }

        Tensor y = Reuse(ref output, input.Shape);
        Elementwise.Multiply(input.Span, mask, y.Span);
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor x = RequireForward(outputGradient, "Dropout");
        if (!ComputeInputGradient)
        {
            return NoGradient;
        }

        if (identity)
        {
            return outputGradient;
        }

        Tensor dx = Reuse(ref inputGradient, x.Shape);
        Elementwise.Multiply(outputGradient.Span, mask, dx.Span);
        return dx;
    }
}
