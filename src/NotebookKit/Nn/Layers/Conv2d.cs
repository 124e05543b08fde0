using System.Runtime.CompilerServices;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>A 2-D convolution over NCHW images (PyTorch <c>nn.Conv2d</c> with square kernel, stride and padding).</summary>
/// <remarks>
/// <para>reference: https://pytorch.org/docs/1.13/generated/torch.nn.Conv2d.html. Weight [out, in, k, k], bias [out].
/// Each image is unfolded (im2col, packed straight into the GEMM's panels: <see cref="Gemm.MultiplyUnfolded"/>) and
/// multiplied: y = W·col + b. Backward: dW += dy·colᵀ, db += Σ dy; for stride 1,
/// dx = Wflip·im2col(dy padded by k − 1 − p) (the "full" convolution with the flipped, transposed kernel), otherwise
/// dcol = Wᵀ·dy folded back (col2im) into dx. Default initialisation as PyTorch: U(−1/√fan_in, 1/√fan_in),
/// fan_in = in·k·k.</para>
/// <para>A stride-1 convolution over a small patch (C·k·k ≤ 32: a first layer over RGB or grey images) runs
/// <see cref="FewChannelConv"/> instead for the forward pass (the same bits as the GEMM) and the weight gradient (the
/// same sums in another order), vectorised over output pixels with no packing.</para>
/// <para>3×3 stride-1 convolutions run Winograd's F(4×4, 3×3) instead (<see cref="Winograd"/>; see <see cref="Algorithm"/>):
/// the forward pass, the input gradient (the same forward-shaped convolution with the flipped, transposed kernel) and
/// the weight gradient, with 4× fewer multiplies. The direct convolution stays as its reference.</para>
/// <para>Threads take contiguous slices of the batch; each thread sums its images' weight gradients into its own
/// buffer, and the buffers are added in thread order, so results depend on the thread count but never on timing.</para>
/// </remarks>
public sealed class Conv2d : LayerBase
{
    private Tensor? output, inputGradient, mappedInput;
    private float[][] columnGradients = [], weightPartials = [], biasPartials = [];
    private float[] flippedWeight = [];
    private float[][] transformedPartials = [];
    private WinogradFilter? winogradFilter, winogradFlipped;

    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="name">The module name; parameters are <c>{name}.weight</c> and <c>{name}.bias</c>.</param>
    /// <param name="inChannels">PyTorch <c>in_channels</c>.</param>
    /// <param name="outChannels">PyTorch <c>out_channels</c>.</param>
    /// <param name="kernelSize">PyTorch <c>kernel_size</c> (square).</param>
    /// <param name="random">The initialisation stream.</param>
    /// <param name="stride">PyTorch <c>stride</c>.</param>
    /// <param name="padding">PyTorch <c>padding</c> (zeros).</param>
    public Conv2d(string name, int inChannels, int outChannels, int kernelSize, SeededRandom random, int stride = 1, int padding = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inChannels, "in_channels");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels, "out_channels");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize, "kernel_size");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride, "stride");
        ArgumentOutOfRangeException.ThrowIfNegative(padding, "padding");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Weight = new Parameter($"{name}.weight", outChannels, inChannels, kernelSize, kernelSize);
        Bias = new Parameter($"{name}.bias", outChannels);
        int fanIn = inChannels * kernelSize * kernelSize;
        InitUniform(Weight, fanIn, random);
        InitUniform(Bias, fanIn, random);
        Parameters = [Weight, Bias];
    }

    /// <summary>PyTorch <c>in_channels</c>.</summary>
    public int InChannels { get; }

    /// <summary>PyTorch <c>out_channels</c>.</summary>
    public int OutChannels { get; }

    /// <summary>PyTorch <c>kernel_size</c>.</summary>
    public int KernelSize { get; }

    /// <summary>PyTorch <c>stride</c>.</summary>
    public int Stride { get; }

    /// <summary>PyTorch <c>padding</c>.</summary>
    public int Padding { get; }

    /// <summary>The weight [out, in, k, k].</summary>
    public Parameter Weight { get; }

    /// <summary>The bias [out].</summary>
    public Parameter Bias { get; }

    /// <summary>Whether the output is passed through max(·, 0) as it is written (set by a model that fuses the ReLU after this layer into it).</summary>
    internal bool AppliesRelu { get; set; }

    /// <summary>
    /// The batch norm whose output is this layer's input, deferred (set by a model that fuses them): its map is applied
    /// as the input is read, in the forward pass and again for the weight gradient.
    /// </summary>
    internal BatchNorm? InputNormalization { get; set; }

    /// <summary>
    /// Set by a model whose next layer is a batch norm that takes its statistics from them (<see cref="BatchNorm.InputSums"/>):
    /// a training forward pass that can sum its output as it writes it (the Winograd path on AVX-512 over whole rows of
    /// tiles, see <see cref="Winograd.CanSumOutput"/>, and the few-channel path, <see cref="FewChannelConv.ForwardAndSum"/>)
    /// fills them, any other marks them stale.
    /// </summary>
    internal ChannelSums? OutputSums { get; set; }

    /// <summary>
    /// Set by a model whose later layers pass this layer an output-gradient tensor that nothing reads after its backward
    /// pass and that its owner rewrites before reading it again (in a Conv → ReLU → BN chain, batch norm's input gradient,
    /// written over this layer's output or over the next layer's input gradient): where the Winograd backward can
    /// (<see cref="Winograd.CanWriteInputGradientOverOutputGradient"/>: as many input as output channels, padding 1, a
    /// vector path), the input gradient is written over it, into lines the backward pass has just read, instead of into a
    /// buffer of its own that is not in cache. The same values.
    /// </summary>
    internal bool OverwritesOutputGradient { get; set; }

    /// <summary>Direct or Winograd products (default <see cref="ConvAlgorithm.Auto"/>); both give the same result to float32 rounding.</summary>
    public ConvAlgorithm Algorithm { get; set; } = ConvAlgorithm.Auto;

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters { get; }

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int> inputShape)
    {
        var g = Geometry(inputShape);
        return [inputShape[0], OutChannels, g.OutputHeight, g.OutputWidth];
    }

    // The filter's panels are transformed and packed independently: split between the threads (serially this was
    // 0.04-0.27 ms per layer and pass with the second thread idle).
    private void PrepareFilter(WinogradFilter filter, bool flipTransposed)
    {
        float[] weight = Weight.Value;
        filter.Begin(weight, OutChannels, InChannels, flipTransposed, SimdPath.Auto);
        int filterChunks = NnThreads.ChunksFor(filter.Panels);
        NnThreads.For(filterChunks, (t) =>
        {
            var (p0, p1) = NnThreads.Range(filter.Panels, filterChunks, t);
            filter.PreparePanels(weight, p0, p1);
        });
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, 4, "Conv2d", (1, InChannels, "in_channels"));
        var g = Geometry(input.Shape);
        int batch = input.Shape[0], spatial = g.OutputHeight * g.OutputWidth, imageSize = InChannels * g.Height * g.Width;
        Tensor y = Reuse(ref output, [batch, OutChannels, g.OutputHeight, g.OutputWidth]);
        int chunks = NnThreads.ChunksFor(batch);
        LastInput = training ? input : null;
        OutputSums?.Invalidate();
        if (UsesWinograd(g))
        {
            WinogradFilter filter = winogradFilter ??= new WinogradFilter();
            PrepareFilter(filter, flipTransposed: false);
            ChannelAffine map = InputNormalization?.OutputMap ?? default;
            if (training && OutputSums is not null && Winograd.CanSumOutput(filter.Path, g))
            {
                // The batch norm that follows takes its statistics from these sums instead of reading y again.
                double[] sums = OutputSums.Begin(batch, OutChannels);
                NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
                {
                    var (n0, n1) = NnThreads.Range(batch, chunks, t);
                    Winograd.ForwardAndSum(
                        filter, input.Data.AsSpan(n0 * imageSize, (n1 - n0) * imageSize), n1 - n0, g,
                        y.Data.AsSpan(n0 * OutChannels * spatial, (n1 - n0) * OutChannels * spatial), Bias.Value, AppliesRelu, map,
                        sums.AsSpan(2 * n0 * OutChannels, 2 * (n1 - n0) * OutChannels));
                });
                OutputSums.Complete(y);
                return y;
            }

            NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
            {
                var (n0, n1) = NnThreads.Range(batch, chunks, t);
                Winograd.Forward(
                    filter, input.Data.AsSpan(n0 * imageSize, (n1 - n0) * imageSize), n1 - n0, g,
                    y.Data.AsSpan(n0 * OutChannels * spatial, (n1 - n0) * OutChannels * spatial), Bias.Value, AppliesRelu, map);
            });
            return y;
        }

        if (InputNormalization is not null)
        {
            // The direct path reads its input through im2col: apply the deferred batch norm's map first, and keep the
            // mapped tensor as the input the weight gradient reads.
            Tensor mapped = Reuse(ref mappedInput, input.Shape);
            ChannelAffine map = InputNormalization.OutputMap;
            NnThreads.For(chunks, t =>
            {
                var (n0, n1) = NnThreads.Range(batch, chunks, t);
                map.Apply(input.Data.AsSpan(n0 * imageSize, (n1 - n0) * imageSize), (n1 - n0) * InChannels, g.Height * g.Width, mapped.Data.AsSpan(n0 * imageSize, (n1 - n0) * imageSize));
            });
            input = mapped;
            LastInput = training ? input : null;
        }

        if (FewChannelConv.Supports(g) && SimdDispatch.Best != SimdPath.Scalar)
        {
            // A first layer over a few channels (RGB): vectorised over output pixels, the same values as the GEMM below;
            // when the batch norm that follows takes its statistics from them, each image's output sums as it is written.
            double[]? sums = training && OutputSums is not null ? OutputSums.Begin(batch, OutChannels) : null;
            NnThreads.For(chunks, t =>
            {
                var (n0, n1) = NnThreads.Range(batch, chunks, t);
                for (int n = n0; n < n1; n++)
                {
                    Span<float> yn = y.Data.AsSpan(n * OutChannels * spatial, OutChannels * spatial);
                    if (sums is null)
                    {
                        FewChannelConv.Forward(Weight.Value, OutChannels, Bias.Value, input.Data.AsSpan(n * imageSize, imageSize), g, yn, AppliesRelu);
                    }
                    else
                    {
                        FewChannelConv.ForwardAndSum(Weight.Value, OutChannels, Bias.Value, input.Data.AsSpan(n * imageSize, imageSize), g, yn, AppliesRelu, sums.AsSpan(2 * n * OutChannels, 2 * OutChannels));
                    }
                }
            });
            if (sums is not null)
            {
                OutputSums!.Complete(y);
            }

            return y;
        }

        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (n0, n1) = NnThreads.Range(batch, chunks, t);
            for (int n = n0; n < n1; n++)
            {
                Span<float> yn = y.Data.AsSpan(n * OutChannels * spatial, OutChannels * spatial);
                for (int o = 0; o < OutChannels; o++)
                {
                    yn.Slice(o * spatial, spatial).Fill(Bias.Value[o]);
                }

                // Implicit im2col: the GEMM packs its B panels straight from the image.
                Gemm.MultiplyUnfolded(OutChannels, Weight.Value, g.PatchSize, input.Data.AsSpan(n * imageSize, imageSize), g, yn, spatial, accumulate: true);
                if (AppliesRelu)
                {
                    // While the image's output is still in cache.
                    Elementwise.Relu(yn);
                }
            }
        });
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor x = RequireForward(outputGradient, "Conv2d");
        var g = Geometry(x.Shape);
        int batch = x.Shape[0], spatial = g.OutputHeight * g.OutputWidth, imageSize = InChannels * g.Height * g.Width;
        int patch = g.PatchSize;
        bool overwrite = ComputeInputGradient && OverwritesOutputGradient && UsesWinograd(g) && SameShape(outputGradient.Shape, x.Shape)
            && !ReferenceEquals(outputGradient.Data, x.Data) && Winograd.CanWriteInputGradientOverOutputGradient(g, OutChannels, SimdPath.Auto);
        Tensor? dx = !ComputeInputGradient ? null : overwrite ? outputGradient : Reuse(ref inputGradient, x.Shape);
        int chunks = NnThreads.ChunksFor(batch);
        bool fullConv = dx is not null && Stride == 1 && Padding <= KernelSize - 1;
        var gBack = new ConvGeometry(OutChannels, g.OutputHeight, g.OutputWidth, KernelSize, KernelSize, 1, KernelSize - 1 - Padding);
        int imageSpatial = g.Height * g.Width, backPatch = gBack.PatchSize;
        if (UsesWinograd(g))
        {
            return BackwardWinograd(x, outputGradient, dx, g, chunks);
        }

        EnsureScratch(chunks, dx is not null && !fullConv ? patch * spatial : 0);
        bool fewChannels = FewChannelConv.Supports(g) && SimdDispatch.Best != SimdPath.Scalar;
        if (fullConv)
        {
            FlipWeights();
        }

        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (n0, n1) = NnThreads.Range(batch, chunks, t);
            float[] dcol = columnGradients[t], dw = weightPartials[t], db = biasPartials[t];
            Array.Clear(dw);
            Array.Clear(db);
            if (fewChannels)
            {
                // A first layer over a few channels: dW from the images in place, vectorised over output pixels; db from
                // the same planes of dy while they are in cache (the same sums as the loop below).
                FewChannelConv.AccumulateWeightGradient(
                    outputGradient.Data.AsSpan(n0 * OutChannels * spatial, (n1 - n0) * OutChannels * spatial), OutChannels,
                    x.Data.AsSpan(n0 * imageSize, (n1 - n0) * imageSize), n1 - n0, g, dw, biasGradient: db);
            }

            for (int n = n0; n < n1; n++)
            {
                ReadOnlySpan<float> dyn = outputGradient.Data.AsSpan(n * OutChannels * spatial, OutChannels * spatial);
                if (!fewChannels)
                {
                    // dW += dy·colᵀ with the columns packed straight from the image (implicit im2col): caching the
                    // forward's columns for the whole batch would cost tens of MB.
                    Gemm.MultiplyUnfoldedTransposed(OutChannels, dyn, spatial, x.Data.AsSpan(n * imageSize, imageSize), g, dw, patch, accumulate: true);
                }

                for (int o = 0; o < OutChannels && !fewChannels; o++)
                {
                    db[o] += Elementwise.Sum(dyn.Slice(o * spatial, spatial));
                }

                if (dx is not null && fullConv)
                {
                    // Stride 1: dx is the "full" convolution of dy with the flipped, transposed kernel, i.e. a forward
                    // convolution with padding k − 1 − p. One im2col and one GEMM shaped like the forward pass replace
                    // the column-gradient GEMM and the scatter-adding col2im; the GEMM packs dy's columns implicitly.
                    Gemm.MultiplyUnfolded(InChannels, flippedWeight, backPatch, dyn, gBack, dx.Data.AsSpan(n * imageSize, imageSize), imageSpatial);
                }
                else if (dx is not null)
                {
                    Gemm.Multiply(true, false, patch, spatial, OutChannels, Weight.Value, patch, dyn, spatial, dcol, spatial);
                    Im2Col.Fold(dcol, g, dx.Data.AsSpan(n * imageSize, imageSize));
                }
            }
        });

        // Reduce the per-thread partial sums in thread order: deterministic for a given thread count.
        for (int t = 1; t < chunks; t++)
        {
            Elementwise.Add(weightPartials[t], weightPartials[0]);
            Elementwise.Add(biasPartials[t], biasPartials[0]);
        }

        Elementwise.Add(weightPartials[0], Weight.Grad);
        Elementwise.Add(biasPartials[0], Bias.Grad);
        return dx ?? NoGradient;
    }

    private bool UsesWinograd(in ConvGeometry g) => Algorithm switch
    {
        ConvAlgorithm.Direct => false,
        ConvAlgorithm.Winograd => Winograd.Supports(g)
            ? true
            : throw new InvalidOperationException($"Conv2d: the Winograd algorithm needs a 3x3 kernel, stride 1 and padding 0-2; this layer has kernel_size {KernelSize}, stride {Stride}, padding {Padding}."),
        _ => Winograd.Supports(g) && InChannels >= 8 && OutChannels >= 8,
    };

    // Weight gradient: per thread, Σ dŶ·Vᵀ in the Winograd domain over its images, the partials added in thread order,
    // then mapped back once. Input gradient: the forward-shaped convolution of dy with the flipped, transposed kernel.
    private Tensor BackwardWinograd(Tensor x, Tensor outputGradient, Tensor? dx, ConvGeometry g, int chunks)
    {
        int batch = x.Shape[0], spatial = g.OutputHeight * g.OutputWidth, imageSize = InChannels * g.Height * g.Width;
        int transformedLength = Winograd.Points * OutChannels * InChannels;
        if (transformedPartials.Length < chunks || transformedPartials[0].Length != transformedLength)
        {
            transformedPartials = new float[Math.Max(chunks, transformedPartials.Length)][];
            for (int t = 0; t < transformedPartials.Length; t++)
            {
                transformedPartials[t] = new float[transformedLength];
            }
        }

        EnsureScratch(chunks, 0);
        WinogradFilter? flipped = null;
        if (dx is not null)
        {
            flipped = winogradFlipped ??= new WinogradFilter();
            PrepareFilter(flipped, flipTransposed: true);
        }

        ChannelAffine map = InputNormalization?.OutputMap ?? default;
        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (n0, n1) = NnThreads.Range(batch, chunks, t);
            float[] m = transformedPartials[t], db = biasPartials[t];
            Array.Clear(m);
            Array.Clear(db);
            ReadOnlySpan<float> dy = outputGradient.Data.AsSpan(n0 * OutChannels * spatial, (n1 - n0) * OutChannels * spatial);
            Span<float> dxSlice = dx is null ? [] : dx.Data.AsSpan(n0 * imageSize, (n1 - n0) * imageSize);
            // The bias gradient Σ dy comes out of the transformed output gradient, with no pass of its own over dy.
            Winograd.Backward(flipped, dy, x.Data.AsSpan(n0 * imageSize, (n1 - n0) * imageSize), n1 - n0, g, OutChannels, m, dxSlice, SimdPath.Auto, map, db);
        });

        for (int t = 1; t < chunks; t++)
        {
            Elementwise.Add(biasPartials[t], biasPartials[0]);
        }

        // The partial sums are added in thread order and mapped back with Gᵀ·G pair by pair: split between the threads
        // by groups of 16 pairs (the finish's unit), the same additions and the same bits as in one pass. Weight.Grad is
        // read here, once: its getter performs a pending ZeroGrad's clear, which two threads must not both run (one
        // could clear the gradient after the other had finished its pairs).
        float[] weightGradient = Weight.Grad;
        int pairs = OutChannels * InChannels, pairGroups = (pairs + 15) / 16, finishChunks = NnThreads.ChunksFor(pairGroups);
        NnThreads.For(finishChunks, (t) =>
        {
            var (g0, g1) = NnThreads.Range(pairGroups, finishChunks, t);
            int p0 = 16 * g0, p1 = Math.Min(16 * g1, pairs);
            for (int xi = 0; xi < Winograd.Points; xi++)
            {
                Span<float> total = transformedPartials[0].AsSpan((xi * pairs) + p0, p1 - p0);
                for (int c = 1; c < chunks; c++)
                {
                    Elementwise.Add(transformedPartials[c].AsSpan((xi * pairs) + p0, p1 - p0), total);
                }
            }

            Winograd.FinishWeightGradientOnPath(transformedPartials[0], OutChannels, InChannels, weightGradient, SimdPath.Auto, p0, p1);
        });
        Elementwise.Add(biasPartials[0], Bias.Grad);
        return dx ?? NoGradient;
    }

    private ConvGeometry Geometry(IReadOnlyList<int> inputShape)
    {
        var g = new ConvGeometry(InChannels, inputShape[2], inputShape[3], KernelSize, KernelSize, Stride, Padding);
        if (g.OutputHeight < 1 || g.OutputWidth < 1)
        {
            throw new ArgumentException($"Conv2d: a {inputShape[2]}x{inputShape[3]} input is smaller than the {KernelSize}x{KernelSize} kernel with padding {Padding}.", nameof(inputShape));
        }

        return g;
    }

    // Wflip[ci, co, ki, kj] = W[co, ci, k−1−ki, k−1−kj]: the kernel of the stride-1 input-gradient convolution.
    private void FlipWeights()
    {
        int k = KernelSize, kk = k * k;
        if (flippedWeight.Length != Weight.Length)
        {
            flippedWeight = new float[Weight.Length];
        }

        for (int co = 0; co < OutChannels; co++)
        {
            for (int ci = 0; ci < InChannels; ci++)
            {
                ReadOnlySpan<float> src = Weight.Value.AsSpan(((co * InChannels) + ci) * kk, kk);
                Span<float> dst = flippedWeight.AsSpan(((ci * OutChannels) + co) * kk, kk);
                for (int i = 0; i < kk; i++)
                {
                    dst[i] = src[kk - 1 - i];
                }
            }
        }
    }

    private void EnsureScratch(int chunks, int gradientColumnLength)
    {
        if (weightPartials.Length < chunks || columnGradients[0].Length < gradientColumnLength)
        {
            columnGradients = new float[chunks][];
            weightPartials = new float[chunks][];
            biasPartials = new float[chunks][];
            for (int t = 0; t < chunks; t++)
            {
                columnGradients[t] = new float[gradientColumnLength];
                weightPartials[t] = new float[Weight.Length];
                biasPartials[t] = new float[OutChannels];
            }
        }
    }
}
