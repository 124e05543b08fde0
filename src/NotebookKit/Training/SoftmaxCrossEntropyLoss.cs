using NotebookKit.Nn;
using NotebookKit.Nn.Losses;
using NotebookKit.Tensors;

namespace NotebookKit.Training;

/// <summary>Softmax cross-entropy, averaged over the batch (PyTorch <c>nn.CrossEntropyLoss()</c>): the trainer's default loss.</summary>
/// <remarks>Delegates to <see cref="SoftmaxCrossEntropy.Compute"/>.</remarks>
public sealed class SoftmaxCrossEntropyLoss : ILossFunction
{
    /// <summary>The shared instance (the loss holds no state).</summary>
    public static SoftmaxCrossEntropyLoss Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "cross_entropy";

    /// <inheritdoc/>
    public double Compute(Tensor logits, ReadOnlySpan<int> labels, Tensor? logitsGradient) =>
        SoftmaxCrossEntropy.Compute(logits, labels, logitsGradient);
}
