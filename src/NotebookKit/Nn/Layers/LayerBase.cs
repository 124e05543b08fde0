using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>Shared plumbing for layers: buffer reuse and argument checks.</summary>
public abstract class LayerBase : ILayer
{
    private static readonly Tensor Empty = new(0);

    /// <inheritdoc/>
    public virtual IReadOnlyList<Parameter> Parameters { get; } = [];

    /// <inheritdoc/>
    public virtual IReadOnlyList<KeyValuePair<string, float[]>> Buffers { get; } = [];

    /// <inheritdoc/>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>The input of the last training-mode forward.</summary>
    protected Tensor? LastInput { get; set; }

    /// <inheritdoc/>
    public abstract int[] OutputShape(IReadOnlyList<int> inputShape);

    /// <inheritdoc/>
    public abstract Tensor Forward(Tensor input, bool training);

    /// <inheritdoc/>
    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>An empty tensor, returned by <see cref="Backward"/> when <see cref="ComputeInputGradient"/> is false.</summary>
    protected static Tensor NoGradient => Empty;

    /// <summary>Returns <paramref name="buffer"/> when it already has <paramref name="shape"/>, otherwise a new zeroed tensor.</summary>
    protected static Tensor Reuse(ref Tensor? buffer, IReadOnlyList<int> shape)
    {
        if (buffer is null || !SameShape(buffer.Shape, shape))
        {
            buffer = new Tensor([.. shape]);
        }

        return buffer;
    }

    /// <summary>True when the two shapes are equal.</summary>
    protected static bool SameShape(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The input of the last training-mode forward, or a clear error when there was none.</summary>
    protected Tensor RequireForward(Tensor outputGradient, string layer)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        return LastInput ?? throw new InvalidOperationException($"{layer}: Backward was called without a training-mode Forward.");
    }

    /// <summary>Fills <paramref name="p"/> with U(−bound, bound), bound = 1/√fanIn: PyTorch's default for weights (kaiming_uniform_ with a = √5) and biases.</summary>
    protected static void InitUniform(Parameter p, int fanIn, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(random);
        // kaiming_uniform_(a=√5): gain = √(2/(1+a²)) = √(1/3), bound = gain·√(3/fan_in) = 1/√fan_in.
        double bound = 1.0 / Math.Sqrt(fanIn);
        for (int i = 0; i < p.Value.Length; i++)
        {
            p.Value[i] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
        }
    }

    /// <summary>Throws when the input's rank or a trailing dimension is not what the layer expects.</summary>
    protected static void CheckInput(Tensor input, int rank, string layer, params (int Axis, int Size, string What)[] dims)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Shape.Count != rank)
        {
            throw new ArgumentException($"{layer} expects a rank-{rank} input, got {input}.", nameof(input));
        }

        foreach (var (axis, size, what) in dims)
        {
            if (input.Shape[axis] != size)
            {
                throw new ArgumentException($"{layer} expects {what} = {size}, got {input.Shape[axis]} (input {input}).", nameof(input));
            }
        }
    }
}
