namespace NotebookKit.Nn;

/// <summary>A named trainable tensor: its values and the gradient accumulated for them.</summary>
/// <remarks>
/// Values and gradients are plain float32 arrays of the same length, laid out row-major in
/// <see cref="Shape"/> order (PyTorch's contiguous layout). Optimizers read <see cref="Grad"/> and update
/// <see cref="Value"/> in place; state is saved by <see cref="Name"/>, never by position.
/// </remarks>
public sealed class Parameter
{
    private readonly float[] grad;

    // Set by ZeroGrad: the gradient is zero but the array has not been cleared yet (see ZeroGrad).
    private bool gradClearPending;

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
        grad = new float[length];
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
    public float[] Grad
    {
        get
        {
            if (gradClearPending)
            {
                Array.Clear(grad);
                gradClearPending = false;
            }

            return grad;
        }
    }

    /// <summary>Sets the gradient to zero (PyTorch <c>zero_grad(set_to_none=False)</c>).</summary>
    /// <remarks>
    /// The clearing is deferred to the next read of <see cref="Grad"/>, which always sees zeros. A layer whose backward
    /// pass writes every element of the gradient (a dense layer's weight) skips it altogether: it stores its product
    /// instead of adding it to zeros, so a 2-million-element weight gradient costs one pass over memory instead of three
    /// (clear, read, write).
    /// </remarks>
    public void ZeroGrad() => gradClearPending = true;

    /// <summary>
    /// The gradient array for a backward pass that will write every element: <paramref name="overwrite"/> tells whether
    /// to store (a <see cref="ZeroGrad"/> is pending, so the array holds stale values that count as zero) or to add.
    /// </summary>
    /// <remarks>The pending clear is dropped, so the caller must write every element when <paramref name="overwrite"/> is set.</remarks>
    internal float[] GradForFullWrite(out bool overwrite)
    {
        overwrite = gradClearPending;
        gradClearPending = false;
        return grad;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join("x", Shape)}]";
}
