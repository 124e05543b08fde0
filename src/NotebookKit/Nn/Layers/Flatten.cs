using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>Flattens [batch, ...] to [batch, features] without copying (PyTorch <c>nn.Flatten</c>).</summary>
public sealed class Flatten : LayerBase
{
    private Tensor? output, inputGradient;

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int> inputShape)
    {
        int features = 1;
        for (int i = 1; i < inputShape.Count; i++)
        {
            features *= inputShape[i];
        }

        return [inputShape[0], features];
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        LastInput = training ? input : null;
        return View(ref output, input, OutputShape(input.Shape));
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor x = RequireForward(outputGradient, "Flatten");
        return ComputeInputGradient ? View(ref inputGradient, outputGradient, [.. x.Shape]) : NoGradient;
    }

    // A view over the same array; the small wrapper is cached so steady-state steps allocate nothing.
    private static Tensor View(ref Tensor? cache, Tensor source, int[] shape)
    {
        if (cache is null || !ReferenceEquals(cache.Data, source.Data) || !SameShape(cache.Shape, shape))
        {
            cache = new Tensor(source.Data, shape);
        }

        return cache;
    }
}
