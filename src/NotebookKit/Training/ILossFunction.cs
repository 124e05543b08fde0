using NotebookKit.Nn;
using NotebookKit.Tensors;

namespace NotebookKit.Training;

/// <summary>A classification loss: the mean loss of a batch and its gradient with respect to the logits.</summary>
public interface ILossFunction
{
    /// <summary>A short name such as <c>cross_entropy</c>.</summary>
    string Name { get; }

    /// <summary>Computes the mean loss over the batch and, when asked, d(mean loss)/d(logits).</summary>
    /// <param name="logits">Shape <c>[batch, classes]</c>.</param>
    /// <param name="labels">One class index per row of <paramref name="logits"/>.</param>
    /// <param name="logitsGradient">Receives the gradient (same shape as <paramref name="logits"/>); null to skip it.</param>
    /// <returns>The mean loss over the batch (PyTorch <c>reduction='mean'</c>).</returns>
    double Compute(Tensor logits, ReadOnlySpan<int> labels, Tensor? logitsGradient);
}
