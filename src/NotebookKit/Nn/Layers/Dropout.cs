using System.Runtime.CompilerServices;
using NotebookKit.Nn.Kernels;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>Inverted dropout (PyTorch <c>nn.Dropout</c>): in training, zero each element with probability p and scale the rest by 1/(1 − p); identity in evaluation.</summary>
/// <remarks>
/// reference: https://pytorch.org/docs/1.13/generated/torch.nn.Dropout.html (Srivastava et al. 2014). The mask comes
/// from the model's <see cref="SeededRandom"/>: element 2k takes bits 40-63 and element 2k + 1 bits 8-31 of the stream's
/// draw k (two 24-bit uniforms per 64-bit draw; an odd last element takes one more draw's <c>NextSingle</c>), so a seed
/// gives the same masks on every machine and thread count. Threads split the pairs, each starting from the stream's
/// state jumped ahead to its first pair, and write the mask (one bit per element) and the output in the same pass. PyTorch's own generator
/// differs, so masks are not PyTorch's; the distribution and scaling are.
/// </remarks>
public sealed class Dropout : LayerBase
{
    private readonly SeededRandom random;
    private Tensor? output, inputGradient;
    // The last training forward's mask, one bit per element (kept or dropped), its length and its scale: a float mask
    // was written in the forward pass and read in the backward pass, a third of dropout's memory traffic each time.
    private byte[] kept = [];
    private int maskLength;
    private float maskScale;
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

    /// <summary>
    /// Set by a model whose next layer owns the output-gradient tensor it passes back and rewrites it on every backward
    /// pass (a convolution or a pooling): Backward then writes the input gradient over it.
    /// </summary>
    internal bool OverwritesOutputGradient { get; set; }

    /// <summary>
    /// Set by a model whose batch norm before the pooling before this layer applies this layer's mask itself
    /// (<see cref="BatchNorm.PooledDropout"/>): Backward then returns its output gradient unchanged.
    /// </summary>
    internal bool HandsGradientToNormalization { get; set; }

    /// <summary>The last training forward pass's kept bits (bit i mod 8 of byte i/8), or null when it was the identity (evaluation, p = 0).</summary>
    internal byte[]? KeptBits => identity ? null : kept;

    /// <summary>The value kept elements were multiplied by in the last training forward pass, 1/(1 − p).</summary>
    internal float MaskScale => maskScale;

    /// <summary>The number of elements of the last training forward pass's mask.</summary>
    internal int MaskLength => maskLength;

    /// <summary>The mask of the last training-mode forward: 0 or 1/(1 − p) per element.</summary>
    public ReadOnlySpan<float> Mask
    {
        get
        {
            var values = new float[maskLength];
            DropoutMask.Expand(kept, maskScale, values);
            return values;
        }
    }

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

        if (kept.Length != DropoutMask.BytesFor(input.Length))
        {
            kept = new byte[DropoutMask.BytesFor(input.Length)];
        }

        // p = 1 zeroes everything (PyTorch returns zeros rather than dividing by zero).
        float scale = P < 1 ? (float)(1.0 / (1.0 - P)) : 0f;
        float keep = (float)(1.0 - P);
        int limit = DropoutMask.Limit(keep);
        maskLength = input.Length;
        maskScale = scale;
        Tensor y = Reuse(ref output, input.Shape);
        int pairs = input.Length / 2;
        ulong[] words = random.GetState();
        var start = (words[0], words[1], words[2], words[3]);
        var end = start;
        // Threads split whole groups of four pairs (eight elements: one byte of kept bits), the last takes the rest.
        int groups = pairs / 4;
        int chunks = NnThreads.ChunksFor(pairs, 1 << 14);
        NnThreads.For(chunks, t =>
        {
            // Each thread starts where the sequential stream would be at its first pair: the same mask for every split.
            var (g0, g1) = NnThreads.Range(groups, chunks, t);
            int p0 = 4 * g0, p1 = t == chunks - 1 ? pairs : 4 * g1;
            var from = p0 == 0 ? start : Xoshiro256Jump.Ahead(start, p0);
            var to = DropoutMask.Fill(from, input.Data.AsSpan(2 * p0, 2 * (p1 - p0)), kept.AsSpan(p0 / 4), y.Data.AsSpan(2 * p0, 2 * (p1 - p0)), limit, scale);
            if (t == chunks - 1)
            {
                end = to;
            }
        });
        random.SetState([end.Item1, end.Item2, end.Item3, end.Item4]);
        int last = 2 * pairs;
        if (last < input.Length)
        {
            bool keepLast = random.NextSingle() < keep;
            kept[last >> 3] = (byte)((kept[last >> 3] & ~(1 << (last & 7))) | ((keepLast ? 1 : 0) << (last & 7)));
            y.Data[last] = input.Data[last] * (keepLast ? scale : 0f);
        }

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

        if (identity || HandsGradientToNormalization)
        {
            return outputGradient;
        }

        Tensor dx = OverwritesOutputGradient && outputGradient.Length == maskLength ? outputGradient : Reuse(ref inputGradient, x.Shape);
        // One thread: a single pass of a few MB, shorter than waking a second thread on a busy machine.
        DropoutMask.Apply(outputGradient.Span, kept, maskScale, dx.Span);
        return dx;
    }
}
