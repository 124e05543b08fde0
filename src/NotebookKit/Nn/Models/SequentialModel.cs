using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Models;

/// <summary>A model that is a chain of layers, named as PyTorch names the modules of an <c>nn.Sequential</c> ("0", "1", …).</summary>
/// <remarks>
/// Layers are built in order from one initialisation stream derived from the seed; dropout draws from a second
/// stream (<see cref="Random"/>), so changing dropout never changes the initial weights. Layers up to the first one with
/// parameters compute no input gradient. A Conv2d → ReLU (in place) → BatchNorm2d chain is fused: the ReLU's
/// forward runs inside the convolution's output pass and its backward inside batch norm's; a BatchNorm2d followed by
/// a Conv2d or MaxPool2d never writes its output: the next layer applies the per-channel map as it reads, and its
/// backward writes its input gradient over the output gradient that layer passes back (or, after a 2×2 pooling,
/// expands the pooled gradient itself, times the mask of a dropout right after the pooling). Results
/// are identical to the unfused layers', except that where the convolution sums its output as it writes it (Winograd on
/// AVX-512, whole rows of 4×4 tiles) batch norm's mean and variance come from those sums: float32 rounding.
/// </remarks>
public abstract class SequentialModel : IModel
{
    private readonly List<ILayer> layers = [];
    private readonly List<Parameter> parameters = [];
    private readonly Dictionary<string, float[]> buffers = [];
    private Tensor? lastLogits;
    private long firstLayerMacs = -1;

    /// <summary>Creates an empty model; derived constructors add layers with <see cref="Add"/>.</summary>
    /// <param name="name">The model's short name.</param>
    /// <param name="seed">Seeds initialisation and dropout.</param>
    /// <param name="inputShape">One sample's shape: [C, H, W] or [features].</param>
    protected SequentialModel(string name, ulong seed, IReadOnlyList<int> inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        Name = name;
        var root = new SeededRandom(seed);
        InitRandom = root.Fork();
        Random = root.Fork();
        InputShape = [.. inputShape];
        CurrentShape = [1, .. inputShape];
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>One sample's shape, without the batch axis.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>The layers in order (index = PyTorch module name).</summary>
    public IReadOnlyList<ILayer> Layers => layers;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, float[]> Buffers => buffers;

    /// <inheritdoc/>
    public SeededRandom Random { get; }

    /// <inheritdoc/>
    public bool Training { get; set; } = true;

    /// <summary>The stream layers initialise from.</summary>
    protected SeededRandom InitRandom { get; }

    /// <summary>The name the next added layer gets (its index).</summary>
    protected string NextName => layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The output shape so far, for a batch of one (derived constructors size layers from it).</summary>
    protected int[] CurrentShape { get; private set; }

    /// <summary>Multiply-accumulates of one sample's forward pass (convolutions and dense layers).</summary>
    public long ForwardMacsPerSample { get; private set; }

    /// <summary>Floating-point operations of one sample's training step in convolutions and dense layers: 2 per MAC for the forward pass, the weight gradients and the input gradients (none for the first layer).</summary>
    public long TrainingFlopsPerSample => 2 * ((3 * ForwardMacsPerSample) - firstLayerMacs);

    /// <inheritdoc/>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Shape.Count != InputShape.Count + 1)
        {
            throw new ArgumentException($"{Name} expects input [batch, {string.Join(", ", InputShape)}], got {input}.", nameof(input));
        }

        for (int i = 0; i < InputShape.Count; i++)
        {
            if (input.Shape[i + 1] != InputShape[i])
            {
                throw new ArgumentException($"{Name} expects input [batch, {string.Join(", ", InputShape)}], got {input}.", nameof(input));
            }
        }

        Tensor x = input;
        foreach (ILayer layer in layers)
        {
            x = layer.Forward(x, Training);
        }

        lastLogits = Training ? x : null;
        return x;
    }

    /// <inheritdoc/>
    public void Backward(Tensor logitsGradient)
    {
        ArgumentNullException.ThrowIfNull(logitsGradient);
        if (lastLogits is null)
        {
            throw new InvalidOperationException($"{Name}: Backward needs a training-mode Forward first.");
        }

        if (logitsGradient.Length != lastLogits.Length)
        {
            throw new ArgumentException($"{Name}: the logits gradient {logitsGradient} does not match the logits {lastLogits}.", nameof(logitsGradient));
        }

        Tensor g = logitsGradient;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            g = layers[i].Backward(g);
        }
    }

    /// <summary>Appends a layer, registering its parameters and buffers.</summary>
    protected void Add(ILayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        // Nothing before the first layer with parameters needs a gradient, so the chain stops there.
        layer.ComputeInputGradient = parameters.Count > 0;
        int[] next = layer.OutputShape(CurrentShape);
        long macs = layer switch
        {
            Conv2d c => (long)next[1] * next[2] * next[3] * c.InChannels * c.KernelSize * c.KernelSize,
            Linear l => (long)l.InFeatures * l.OutFeatures,
            _ => 0,
        };
        ForwardMacsPerSample += macs;
        if (macs > 0 && firstLayerMacs < 0)
        {
            // The first layer with weights needs no input gradient (everything before it has no parameters).
            firstLayerMacs = macs;
        }
        CurrentShape = next;
        if (layer is BatchNorm2d norm && layers.Count >= 2 && layers[^1] is ReLU { InPlace: true } relu && layers[^2] is Conv2d conv)
        {
            // Conv → ReLU → BN: the convolution applies the ReLU as it writes its output and batch norm applies the
            // ReLU's backward mask as it writes its input gradient: two passes over the activations saved each way,
            // the same bits.
            conv.AppliesRelu = true;
            relu.AppliedByNeighbours = true;
            norm.AppliesReluBackward = true;
            // The convolution rewrites its output on every forward pass and its backward reads only its input: batch
            // norm may write its input gradient over that output when dy cannot take it (after a 2×2 pooling).
            norm.OverwritesInput = true;
            // Batch norm's input gradient (that output, the next layer's input gradient or its own buffer) is read by
            // nothing after the convolution's backward pass: where it can, the convolution writes its input gradient
            // over it, into lines it has just read.
            conv.OverwritesOutputGradient = true;
            // And where the convolution can (Winograd on AVX-512), it sums its output per channel as it writes it, so
            // batch norm's training statistics need no pass over the activations.
            var sums = new ChannelSums();
            conv.OutputSums = sums;
            norm.InputSums = sums;
        }

        if (layers.Count > 0 && layers[^1] is BatchNorm2d deferred && layer is Conv2d or MaxPool2d)
        {
            // BN → conv or pool: the next layer applies batch norm's per-channel map as it reads its input, so the
            // normalised tensor is never written (a write and a read of the activations saved), the same bits.
            deferred.DefersOutput = true;
            // Both rewrite their input gradient on every backward pass and read it no more: batch norm may write its
            // own input gradient over it (a buffer and its cold writes saved).
            deferred.OverwritesOutputGradient = true;
            if (layer is Conv2d reader)
            {
                reader.InputNormalization = deferred;
            }
            else
            {
                var pool = (MaxPool2d)layer;
                pool.InputNormalization = deferred;
                if (pool is { KernelSize: 2, Stride: 2 })
                {
                    // Backward: batch norm expands the pooled gradient a channel at a time (in cache) instead of the
                    // pooling writing the 4× larger dense gradient for batch norm to read back, the same values.
                    pool.HandsGradientToNormalization = true;
                    deferred.PooledGradient = pool;
                }
            }
        }

        if (layers.Count > 0 && layers[^1] is MaxPool2d { HandsGradientToNormalization: true } pooling && layer is Dropout masking
            && pooling.InputNormalization is { } normalization && ReferenceEquals(normalization.PooledGradient, pooling))
        {
            // BN → 2×2 pool → dropout: batch norm, which already reads the pooled gradient plane by plane, multiplies each
            // plane by the dropout's mask (the same products) on both threads, so the dropout's own one-thread pass over
            // that gradient goes, and with it a tensor written on one core and read back on both.
            masking.HandsGradientToNormalization = true;
            normalization.PooledDropout = masking;
        }

        if (layers.Count > 0 && layers[^1] is Dropout dropout && layer is Conv2d or MaxPool2d)
        {
            // As for batch norm above: dropout's backward writes its input gradient over the one this layer passes back.
            dropout.OverwritesOutputGradient = true;
        }

        layers.Add(layer);
        parameters.AddRange(layer.Parameters);
        foreach (var (key, value) in layer.Buffers)
        {
            buffers.Add(key, value);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {string.Join(" → ", layers.Select(l => l.GetType().Name))} ({parameters.Sum(p => (long)p.Length):N0} parameters)";
}
