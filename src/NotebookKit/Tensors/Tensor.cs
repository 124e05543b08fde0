namespace NotebookKit.Tensors;

/// <summary>A dense float32 tensor in row-major (NCHW for images) layout.</summary>
/// <remarks>A thin view of a shape over a flat array; layers own and reuse their output buffers.</remarks>
public sealed class Tensor
{
    /// <summary>Creates a zero-filled tensor.</summary>
    public Tensor(params int[] shape)
        : this(new float[CheckedLength(shape)], shape)
    {
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int length = CheckedLength(shape);
        if (data.Length < length)
        {
            throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape)}] needs {length} values; the buffer holds {data.Length}.", nameof(data));
        }

        Data = data;
        Shape = (int[])shape.Clone();
        Length = length;
    }

    /// <summary>The values; only the first <see cref="Length"/> belong to the tensor.</summary>
    public float[] Data { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements (the product of <see cref="Shape"/>).</summary>
    public int Length { get; }

    /// <summary>The values as a span of exactly <see cref="Length"/> elements.</summary>
    public Span<float> Span => Data.AsSpan(0, Length);

    /// <inheritdoc/>
    public override string ToString() => $"Tensor [{string.Join("x", Shape)}]";

    private static int CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"Tensor dimensions must be non-negative, got [{string.Join(", ", shape)}].");
            }

            length *= d;
        }

        return length <= Array.MaxLength
            ? (int)length
            : throw new ArgumentOutOfRangeException(nameof(shape), $"A tensor of shape [{string.Join(", ", shape)}] is larger than an array can hold.");
    }
}
