using NotebookKit.Cancellation;
using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Tensors;

namespace NotebookKit.Training;

/// <summary>Runs a model over a dataset in evaluation mode (PyTorch <c>model.eval()</c> under <c>torch.no_grad()</c>).</summary>
public static class Evaluator
{
    /// <summary>Computes the mean loss, accuracy and predictions of <paramref name="model"/> on every batch of <paramref name="data"/>.</summary>
    /// <remarks>The model is put in evaluation mode and its previous mode is restored afterwards.</remarks>
    public static EvaluationResult Evaluate(IModel model, ILossFunction loss, DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(data);
        int n = data.ImagesPerEpoch;
        var labels = new int[n];
        var predictions = new int[n];
        double lossSum = 0;
        int correct = 0, seen = 0;
        bool wasTraining = model.Training;
        model.Training = false;
        try
        {
            foreach (var batch in data.Epoch())
            {
                // No token parameter: a notebook interrupt reaches evaluation through the ambient token.
                AmbientCancellation.ThrowIfCancellationRequested();
                var logits = model.Forward(batch.Images);
                double batchLoss = loss.Compute(logits, batch.LabelSpan, null);
                lossSum += batchLoss * batch.Count;
                int classes = CheckLogits(logits, batch.Count);
                for (int i = 0; i < batch.Count; i++)
                {
                    int predicted = ArgMax(logits.Data.AsSpan(i * classes, classes));
                    // Dataset order when unshuffled; otherwise the order the loader produced.
                    labels[seen] = batch.Labels[i];
                    predictions[seen] = predicted;
                    if (predicted == batch.Labels[i])
                    {
                        correct++;
                    }

                    seen++;
                }
            }
        }
        finally
        {
            model.Training = wasTraining;
        }

        return new EvaluationResult(lossSum / seen, (double)correct / seen, labels, predictions, data.Dataset.ClassNames);
    }

    /// <summary>The index of the largest value; the first one on ties (NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best] || float.IsNaN(values[best]))
            {
                best = i;
            }
        }

        return best;
    }

    internal static int CheckLogits(Tensor logits, int count)
    {
        if (logits.Shape.Count != 2 || logits.Shape[0] != count)
        {
            throw new InvalidOperationException($"The model returned logits of shape [{string.Join(", ", logits.Shape)}] for a batch of {count}; expected [{count}, classes].");
        }

        return logits.Shape[1];
    }
}
