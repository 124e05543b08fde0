using System.Runtime.CompilerServices;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Losses;

/// <summary>Softmax cross-entropy averaged over the batch (PyTorch <c>nn.CrossEntropyLoss()</c> with <c>reduction='mean'</c>, Keras <c>SparseCategoricalCrossentropy(from_logits=True)</c>).</summary>
/// <remarks>
/// reference: https://pytorch.org/docs/1.13/generated/torch.nn.CrossEntropyLoss.html.
/// loss = (1/B)·Σ_b [log Σ_j exp(z_bj) − z_b,y_b]; d(loss)/dz_bj = (softmax(z_b)_j − [j = y_b]) / B.
/// The log-sum-exp subtracts the row maximum for stability and is accumulated in double.
/// </remarks>
public static class SoftmaxCrossEntropy
{
    /// <summary>Computes the mean loss and writes d(loss)/d(logits) into <paramref name="gradient"/>.</summary>
    /// <param name="logits">[batch, classes] scores.</param>
    /// <param name="labels">The class index of each sample (PyTorch <c>target</c>), in [0, classes).</param>
    /// <param name="gradient">[batch, classes] destination for the gradient; may be <see langword="null"/> to skip it.</param>
    /// <returns>The mean loss.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Compute(Tensor logits, ReadOnlySpan<int> labels, Tensor? gradient)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Shape.Count != 2)
        {
            throw new ArgumentException($"CrossEntropyLoss expects logits of shape [batch, classes], got {logits}.", nameof(logits));
        }

        int batch = logits.Shape[0], classes = logits.Shape[1];
        if (labels.Length != batch)
        {
            throw new ArgumentException($"CrossEntropyLoss: {labels.Length} targets for a batch of {batch}.", nameof(labels));
        }

        if (batch == 0)
        {
            throw new ArgumentException("CrossEntropyLoss: the batch is empty (the mean of no losses is undefined).", nameof(logits));
        }

        if (gradient is not null && gradient.Length != logits.Length)
        {
            throw new ArgumentException($"CrossEntropyLoss: the gradient buffer {gradient} does not match the logits {logits}.", nameof(gradient));
        }

        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            int label = labels[b];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"CrossEntropyLoss: target {label} at index {b} is out of bounds for {classes} classes.");
            }

            ReadOnlySpan<float> z = logits.Data.AsSpan(b * classes, classes);
            float max = float.NegativeInfinity;
            foreach (float v in z)
            {
                max = Math.Max(max, v);
            }

            double sumExp = 0;
            foreach (float v in z)
            {
                sumExp += Math.Exp(v - max);
            }

            double logSumExp = max + Math.Log(sumExp);
            total += logSumExp - z[label];
            if (gradient is not null)
            {
                Span<float> g = gradient.Data.AsSpan(b * classes, classes);
                for (int j = 0; j < classes; j++)
                {
                    double softmax = Math.Exp(z[j] - logSumExp);
                    g[j] = (float)((softmax - (j == label ? 1.0 : 0.0)) / batch);
                }
            }
        }

        return total / batch;
    }
}
