using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>One differentiable stage of a model: a forward pass that caches what its backward pass needs.</summary>
/// <remarks>
/// Layers own and reuse their output and gradient buffers (re-allocated only when the batch shape changes), so a
/// training step allocates nothing. A returned tensor stays valid until the layer's next call.
/// </remarks>
public interface ILayer
{
    /// <summary>The trainable parameters, named as PyTorch would name them inside the enclosing module.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Named non-trainable state (batch-norm running statistics); empty for most layers.</summary>
    IReadOnlyList<KeyValuePair<string, float[]>> Buffers { get; }

    /// <summary>When false, <see cref="Backward"/> skips the input gradient (the first layer of a model needs none) and returns an empty tensor.</summary>
    bool ComputeInputGradient { get; set; }

    /// <summary>The output shape for an input shape (batch first).</summary>
    int[] OutputShape(IReadOnlyList<int> inputShape);

    /// <summary>Computes the output; in training mode also caches what <see cref="Backward"/> needs.</summary>
    Tensor Forward(Tensor input, bool training);

    /// <summary>Accumulates parameter gradients and returns d(loss)/d(input) for the last training-mode forward.</summary>
    Tensor Backward(Tensor outputGradient);
}
