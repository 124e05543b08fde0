namespace NotebookKit.Nn.Layers;

/// <summary>Batch normalisation of [N, C] features (PyTorch <c>nn.BatchNorm1d</c>, Keras <c>BatchNormalization</c> after Dense).</summary>
/// <param name="name">The module name.</param>
/// <param name="numFeatures">PyTorch <c>num_features</c>.</param>
/// <param name="eps">PyTorch <c>eps</c>.</param>
/// <param name="momentum">PyTorch <c>momentum</c>.</param>
public sealed class BatchNorm1d(string name, int numFeatures, double eps = 1e-5, double momentum = 0.1)
    : BatchNorm(name, numFeatures, eps, momentum)
{
    /// <inheritdoc/>
    protected override int Rank => 2;
}
