using System.Runtime.CompilerServices;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>Batch normalisation over the channel axis of [N, C] or [N, C, H, W] inputs (Ioffe &amp; Szegedy 2015).</summary>
/// <remarks>
/// <para>Training: y = γ·(x − μ_B)/√(σ²_B + ε) + β with the batch's mean and biased variance; the running statistics
/// follow PyTorch's convention running = (1 − momentum)·running + momentum·batch, where the running variance takes
/// the unbiased batch variance (n/(n−1)), and <c>num_batches_tracked</c> counts updates. Evaluation normalises with
/// the running statistics. Defaults as PyTorch: ε = 1e-5, momentum = 0.1, γ = 1, β = 0.</para>
/// <para>Backward (training): dx = γ/(n·σ)·(n·dy − Σdy − x̂·Σ(dy·x̂)); dγ += Σ dy·x̂, dβ += Σ dy. Threads split channels,
/// and each channel is reduced in a fixed order (double-precision across rows), so results do not depend on the
/// thread count.</para>
/// <para>Memory passes: a channel's rows are read for the statistics (unless the convolution before this layer summed
/// them as it wrote them: <see cref="InputSums"/>) and again, still in cache, to write y; x̂ is
/// never stored: the backward pass recomputes it from the input with the same roundings. When the model puts a ReLU
/// right before this layer it lets this layer apply the ReLU's backward mask (x &gt; 0) as it writes dx; when the next
/// layer is a convolution or a pooling (which rewrite their input gradient every step), dx is written over dy, in place;
/// after a 2×2 pooling (whose gradient is 4× smaller), over x when the layer before owns x and does not read it back.</para>
/// </remarks>
public abstract partial class BatchNorm : LayerBase
{
    private readonly float[] runningMean, runningVar, numBatchesTracked = [0f];
    private readonly float[] invStd, batchMean, sumDy, sumDyXhat;
    private readonly double[] firstSums, secondSums;
    private Tensor? output, inputGradient;
    private int lastRows, lastSpatial;
    private float[][] denseGradients = [], maskedGradients = [[]];

    /// <summary>Creates the layer.</summary>
    /// <param name="name">The module name; parameters <c>{name}.weight</c>/<c>{name}.bias</c>, buffers <c>{name}.running_mean</c>, <c>{name}.running_var</c>, <c>{name}.num_batches_tracked</c>.</param>
    /// <param name="numFeatures">PyTorch <c>num_features</c> (channels C).</param>
    /// <param name="eps">PyTorch <c>eps</c>.</param>
    /// <param name="momentum">PyTorch <c>momentum</c> (weight of the new batch statistic).</param>
    protected BatchNorm(string name, int numFeatures, double eps, double momentum)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numFeatures, "num_features");
        if (!(eps > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), $"eps must be positive, got {eps}.");
        }

        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), $"momentum must be in [0, 1], got {momentum}.");
        }

        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Weight = new Parameter($"{name}.weight", numFeatures);
        Bias = new Parameter($"{name}.bias", numFeatures);
        Array.Fill(Weight.Value, 1f);
        runningMean = new float[numFeatures];
        runningVar = new float[numFeatures];
        Array.Fill(runningVar, 1f);
        invStd = new float[numFeatures];
        batchMean = new float[numFeatures];
        firstSums = new double[numFeatures];
        secondSums = new double[numFeatures];
        sumDy = new float[numFeatures];
        sumDyXhat = new float[numFeatures];
        Parameters = [Weight, Bias];
        Buffers =
        [
            new($"{name}.running_mean", runningMean),
            new($"{name}.running_var", runningVar),
            new($"{name}.num_batches_tracked", numBatchesTracked),
        ];
    }

    /// <summary>PyTorch <c>num_features</c>.</summary>
    public int NumFeatures { get; }

    /// <summary>PyTorch <c>eps</c>.</summary>
    public double Eps { get; }

    /// <summary>PyTorch <c>momentum</c>.</summary>
    public double Momentum { get; }

    /// <summary>γ [C] (PyTorch <c>weight</c>).</summary>
    public Parameter Weight { get; }

    /// <summary>β [C] (PyTorch <c>bias</c>).</summary>
    public Parameter Bias { get; }

    /// <summary>PyTorch <c>running_mean</c>.</summary>
    public float[] RunningMean => runningMean;

    /// <summary>PyTorch <c>running_var</c>.</summary>
    public float[] RunningVar => runningVar;

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<string, float[]>> Buffers { get; }

    /// <summary>
    /// Set by a model whose next layer applies this layer's output map as it reads (<see cref="OutputMap"/>): Forward
    /// then computes the statistics and returns its input unchanged, and the normalised tensor is never written.
    /// </summary>
    internal bool DefersOutput { get; set; }

    /// <summary>y = ((x − μ)·σ⁻¹)·γ + β per channel with the last forward pass's μ and σ⁻¹ (the batch's, or the running ones in evaluation).</summary>
    internal ChannelAffine OutputMap => new(batchMean, invStd, Weight.Value, Bias.Value);

    /// <summary>
    /// Set by a model whose next layer owns the output-gradient tensor it passes back and rewrites it on every backward
    /// pass (a convolution or a pooling): Backward then writes the input gradient over it instead of into a buffer of its own.
    /// </summary>
    internal bool OverwritesOutputGradient { get; set; }

    /// <summary>
    /// Set by a model whose previous layer owns this layer's input, rewrites it on every forward pass and does not read
    /// it in its backward pass (a convolution whose output passes through an in-place ReLU): when the output gradient
    /// cannot take the input gradient (after a 2×2 pooling it is 4× smaller), Backward writes it over the input, whose
    /// lines it has just read, instead of into a buffer of its own.
    /// </summary>
    internal bool OverwritesInput { get; set; }

    /// <summary>
    /// Set by a model whose next layer is a 2×2, stride-2 max pooling that passes back its own output gradient
    /// (<see cref="MaxPool2d.HandsGradientToNormalization"/>): Backward expands it, one channel at a time, into the dense
    /// gradient the pooling would have written (the same kernel, the same values), so that 4× larger tensor never goes
    /// through memory.
    /// </summary>
    internal MaxPool2d? PooledGradient { get; set; }

    /// <summary>
    /// Set by a model whose pooling (<see cref="PooledGradient"/>) is followed by a dropout that passes back its own output
    /// gradient (<see cref="Dropout.HandsGradientToNormalization"/>): Backward multiplies each plane of the pooled gradient
    /// by that dropout's mask before expanding it, the products the dropout would have written.
    /// </summary>
    internal Dropout? PooledDropout { get; set; }

    /// <summary>
    /// Set by a model whose previous layer sums its output as it writes it (<see cref="Conv2d.OutputSums"/>): a training
    /// forward pass whose input those sums describe takes the batch statistics from them and does not read the input.
    /// </summary>
    internal ChannelSums? InputSums { get; set; }

    /// <summary>Whether the backward pass also applies the backward of a ReLU whose output is this layer's input (set by the model that fuses them).</summary>
    internal bool AppliesReluBackward { get; set; }

    /// <summary>The input rank this layer accepts (2 or 4).</summary>
    protected abstract int Rank { get; }

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int> inputShape) => [.. inputShape];

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, Rank, GetType().Name, (1, NumFeatures, "num_features"));
        int rows = input.Shape[0], spatial = Rank == 4 ? input.Shape[2] * input.Shape[3] : 1;
        long count = (long)rows * spatial;
        if (training && count <= 1)
        {
            throw new ArgumentException($"{GetType().Name}: expected more than 1 value per channel when training, got input {input}.", nameof(input));
        }

        // Deferred: y is the input itself, and the next layer maps it as it reads it.
        Tensor y = DefersOutput ? input : Reuse(ref output, input.Shape);
        (lastRows, lastSpatial) = (rows, spatial);
        if (spatial == 1)
        {
            PerChannelRange((c0, c1) => Forward1d(input.Data, y.Data, rows, c0, c1, training));
            if (training)
            {
                numBatchesTracked[0]++;
            }

            LastInput = training ? input : null;
            return y;
        }

        double[]? sums = training && InputSums is not null && InputSums.Describe(input, NumFeatures) ? InputSums.Values : null;
        PerChannel([MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            float mean, inv;
            if (training)
            {
                double squares;
                if (sums is not null)
                {
                    // Σx and Σx² per sample from the layer that wrote x, added in double in sample order:
                    // Σ(x − μ)² = Σx² − μ·Σx (the per-sample sums are float sums of at most a tile's outputs per lane).
                    double sum = 0, sumSquares = 0;
                    for (int n = 0; n < rows; n++)
                    {
                        int at = 2 * ((n * NumFeatures) + c);
                        sum += sums[at];
                        sumSquares += sums[at + 1];
                    }

                    double exactMean = sum / count;
                    squares = Math.Max(0, sumSquares - (exactMean * sum));
                    mean = (float)exactMean;
                }
                else
                {
                    // One contiguous row per sample (length H·W; 1 for [N, C]); rows are added in double, in order.
                    double sum = 0;
                    for (int n = 0; n < rows; n++)
                    {
                        sum += Elementwise.Sum(input.Data.AsSpan(((n * NumFeatures) + c) * spatial, spatial));
                    }

                    mean = (float)(sum / count);
                    squares = 0;
                    for (int n = 0; n < rows; n++)
                    {
                        squares += Elementwise.SumSquaredDeviation(input.Data.AsSpan(((n * NumFeatures) + c) * spatial, spatial), mean);
                    }
                }

                inv = (float)(1.0 / Math.Sqrt((squares / count) + Eps));
                runningMean[c] = (float)(((1 - Momentum) * runningMean[c]) + (Momentum * mean));
                runningVar[c] = (float)(((1 - Momentum) * runningVar[c]) + (Momentum * squares / (count - 1)));
            }
            else
            {
                mean = runningMean[c];
                inv = (float)(1.0 / Math.Sqrt(runningVar[c] + Eps));
            }

            (batchMean[c], invStd[c]) = (mean, inv);
            if (DefersOutput)
            {
                return;
            }

            var normalize = new NormalizeOperator(-mean, inv, Weight.Value[c], Bias.Value[c]);
            for (int n = 0; n < rows; n++)
            {
                int offset = ((n * NumFeatures) + c) * spatial;
                ElementwiseEngine.Map(normalize, input.Data.AsSpan(offset, spatial), [], [], y.Data.AsSpan(offset, spatial), SimdPath.Auto);
            }
        });
        if (training)
        {
            numBatchesTracked[0]++;
        }

        LastInput = training ? input : null;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor x = RequireForward(outputGradient, GetType().Name);
        int rows = lastRows, spatial = lastSpatial;
        long count = (long)rows * spatial;
        // In place: each dx value is written right after its dy value is read, so the separate buffer (and the
        // cache-line reads that writing a cold buffer costs) is saved when the next layer lets dy be overwritten.
        Tensor? dx = !ComputeInputGradient ? null
            : OverwritesOutputGradient && SameShape(outputGradient.Shape, x.Shape) ? outputGradient
            : OverwritesInput ? x
            : Reuse(ref inputGradient, x.Shape);
        bool mask = AppliesReluBackward;
        if (spatial == 1)
        {
            PerChannelRange((c0, c1) => Backward1d(x.Data, outputGradient.Data, dx?.Data, rows, c0, c1, mask));
            AddParameterGradients();
            return dx ?? NoGradient;
        }

        if (PooledGradient is not null)
        {
            BackwardPooled(x, outputGradient, PooledGradient.WindowArgMax, dx, mask);
            AddParameterGradients();
            return dx ?? NoGradient;
        }

        PerChannel([MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            float negativeMean = -batchMean[c], inv = invStd[c];
            // The same sums as row-by-row reductions, with the next rows' lines requested ahead.
            var (sdy, sdyx) = NormalizeBackward.Sums(negativeMean, inv, outputGradient.Data, x.Data, (long)c * spatial, (long)NumFeatures * spatial, rows, spatial, SimdPath.Auto);

            sumDy[c] = (float)sdy;
            sumDyXhat[c] = (float)sdyx;
            if (dx is not null)
            {
                double k = Weight.Value[c] * inv;
                var apply = new NormalizeBackwardOperator(negativeMean, inv, (float)k, (float)(-k * sdyx / count), (float)(-k * sdy / count), mask);
                for (int n = 0; n < rows; n++)
                {
                    int offset = ((n * NumFeatures) + c) * spatial;
                    ElementwiseEngine.Map(apply, x.Data.AsSpan(offset, spatial), outputGradient.Data.AsSpan(offset, spatial), [], dx.Data.AsSpan(offset, spatial), SimdPath.Auto);
                }
            }
        });
        AddParameterGradients();
        return dx ?? NoGradient;
    }

    // The backward pass above with dy = the pooling's backward of the pooled gradient g: each thread expands a channel's
    // planes into its own buffer (rows × H·W floats, cache-resident) with MaxPool2x2.Backward, then runs the same two
    // passes over it. With a dropout after the pooling, each plane of g is first multiplied by the dropout's mask into an
    // L1 scratch (the products the dropout's backward would have written over the whole tensor on one thread). Same
    // values as the unfused layers, so the same bits.
    private void BackwardPooled(Tensor x, Tensor pooled, byte[] argmax, Tensor? dx, bool mask)
    {
        int rows = lastRows, spatial = lastSpatial, h = x.Shape[2], w = x.Shape[3], planeOut = (h / 2) * (w / 2);
        long count = (long)rows * spatial;
        if (pooled.Length != (long)rows * NumFeatures * planeOut || argmax.Length != pooled.Length)
        {
            throw new InvalidOperationException($"{GetType().Name}: the pooled gradient {pooled} does not match the 2x2 pooling of the input {x}.");
        }

        // The dropout's mask, if its last forward pass drew one (none in evaluation or with p = 0: the identity).
        byte[] kept = PooledDropout?.KeptBits ?? [];
        float scale = PooledDropout?.MaskScale ?? 0f;
        if (kept.Length > 0 && PooledDropout!.MaskLength != pooled.Length)
        {
            throw new InvalidOperationException($"{GetType().Name}: the dropout's mask ({PooledDropout.MaskLength} values) does not match the pooled gradient {pooled}.");
        }

        int chunks = NnThreads.ChunksFor(NumFeatures, 4);
        if (denseGradients.Length < chunks || denseGradients[0].Length != rows * spatial || maskedGradients[0].Length != planeOut)
        {
            denseGradients = new float[chunks][];
            maskedGradients = new float[chunks][];
            for (int t = 0; t < chunks; t++)
            {
                denseGradients[t] = new float[rows * spatial];
                maskedGradients[t] = new float[planeOut];
            }
        }

        int ahead = NormalizeBackward.RowsAhead(spatial);
        bool inPlace = ReferenceEquals(dx, x);
        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (c0, c1) = NnThreads.Range(NumFeatures, chunks, t);
            float[] dense = denseGradients[t], masked = maskedGradients[t];
            for (int c = c0; c < c1; c++)
            {
                float negativeMean = -batchMean[c], inv = invStd[c];
                var sums = new NormalizeGradientSumsOperator(negativeMean, inv);
                double sdy = 0, sdyx = 0;
                for (int n = 0; n < rows; n++)
                {
                    int plane = (n * NumFeatures) + c, offset = plane * spatial;
                    int nextPlane = (Math.Min(n + ahead, rows - 1) * NumFeatures) + c;
                    Span<float> dy = dense.AsSpan(n * spatial, spatial);
                    // A later row's pooled gradient and indices are requested now, its x lines during the sums.
                    NormalizeBackward.Prefetch<float>(pooled.Data.AsSpan(nextPlane * planeOut, planeOut));
                    NormalizeBackward.Prefetch<byte>(argmax.AsSpan(nextPlane * planeOut, planeOut));
                    ReadOnlySpan<float> g = pooled.Data.AsSpan(plane * planeOut, planeOut);
                    if (kept.Length > 0)
                    {
                        // The plane's pooled gradient times the dropout's mask (its next plane's bits requested ahead).
                        NormalizeBackward.Prefetch<byte>(kept.AsSpan(nextPlane * planeOut / 8, planeOut / 8));
                        DropoutMask.ApplyFrom(g, kept, (long)plane * planeOut, scale, masked);
                        g = masked;
                    }

                    MaxPool2x2.Backward(g, argmax.AsSpan(plane * planeOut, planeOut), h, w, dy, SimdPath.Auto);
                    var (s, d) = NormalizeBackward.RowSums(sums, dy, x.Data.AsSpan(offset, spatial), x.Data.AsSpan(nextPlane * spatial, spatial), SimdPath.Auto);
                    sdy += s;
                    sdyx += d;
                }

                sumDy[c] = (float)sdy;
                sumDyXhat[c] = (float)sdyx;
                if (dx is null)
                {
                    continue;
                }

                double k = Weight.Value[c] * inv;
                var apply = new NormalizeBackwardOperator(negativeMean, inv, (float)k, (float)(-k * sdyx / count), (float)(-k * sdy / count), mask);
                for (int n = 0; n < rows; n++)
                {
                    // A buffer of its own is not in cache: a later row's lines are requested while this one is written.
                    // Written over x, each store finds the line its load has just brought in: nothing to request.
                    int offset = ((n * NumFeatures) + c) * spatial;
                    int next = inPlace ? offset : ((Math.Min(n + ahead, rows - 1) * NumFeatures) + c) * spatial;
                    NormalizeBackward.ApplyRow(apply, x.Data.AsSpan(offset, spatial), dense.AsSpan(n * spatial, spatial), dx.Data.AsSpan(offset, spatial), dx.Data.AsSpan(next, spatial), SimdPath.Auto);
                }
            }
        });
    }

    private void AddParameterGradients()
    {
        for (int c = 0; c < NumFeatures; c++)
        {
            Weight.Grad[c] += sumDyXhat[c];
            Bias.Grad[c] += sumDy[c];
        }
    }

    private void PerChannelRange(Action<int, int> body)
    {
        int chunks = NnThreads.ChunksFor(NumFeatures, 4);
        NnThreads.For(chunks, t =>
        {
            var (c0, c1) = NnThreads.Range(NumFeatures, chunks, t);
            body(c0, c1);
        });
    }

    private void PerChannel(Action<int> body)
    {
        int chunks = NnThreads.ChunksFor(NumFeatures, 4);
        NnThreads.For(chunks, t =>
        {
            var (c0, c1) = NnThreads.Range(NumFeatures, chunks, t);
            for (int c = c0; c < c1; c++)
            {
                body(c);
            }
        });
    }
}

