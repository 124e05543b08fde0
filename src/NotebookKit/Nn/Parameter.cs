namespace NotebookKit.Nn;

/// <summary>A named trainable tensor: its values and the gradient accumulated for them.</summary>
/// <remarks>
/// Values and gradients are plain float32 arrays of the same length, laid out row-major in
/// <see cref="Shape"/> order (PyTorch's contiguous layout). Optimizers read <see cref="Grad"/> and update
/// <see cref="Value"/> in place; state is saved by <see cref="Name"/>, never by position.
/// </remarks>
public sealed class Parameter
{
    /// <summary>Creates a zero-initialised parameter.</summary>
    /// <param name="name">A unique, dotted name such as <c>conv1.weight</c>.</param>
    /// <param name="shape">The dimensions; every one must be positive.</param>
    public Parameter(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (int d in shape)
        {
            if (d <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), $"Parameter '{name}': every dimension must be positive, got [{string.Join(", ", shape)}].");
            }

            length *= d;
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"Parameter '{name}' has {length} elements, more than an array can hold.");
        }

        Name = name;
        Shape = (int[])shape.Clone();
        Value = new float[length];
        Grad = new float[length];
    }

    /// <summary>Creates a parameter holding a copy of <paramref name="values"/>.</summary>
    public Parameter(string name, float[] values, params int[] shape)
        : this(name, shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Value.Length)
        {
            throw new ArgumentException($"Parameter '{name}': {values.Length} values do not fill shape [{string.Join(", ", shape)}] ({Value.Length} elements).", nameof(values));
        }

        values.CopyTo(Value, 0);
    }

    /// <summary>The unique dotted name (PyTorch <c>named_parameters()</c> key).</summary>
    public string Name { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>The values, updated in place by optimizers.</summary>
    public float[] Value { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>, accumulated by backward passes.</summary>
    public float[] Grad { get; }

    /// <summary>Sets the gradient to zero (PyTorch <c>zero_grad(set_to_none=False)</c>).</summary>
    public void ZeroGrad() => Array.Clear(Grad);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join("x", Shape)}]";
}
