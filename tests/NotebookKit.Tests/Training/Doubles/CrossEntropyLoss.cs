using NotebookKit.Nn;
using NotebookKit.Tensors;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training.Doubles;

/// <summary>Mean softmax cross-entropy (PyTorch <c>F.cross_entropy</c>) for trainer tests.</summary>
public sealed class CrossEntropyLoss : ILossFunction
{
    public string Name => "cross_entropy";

    public int Calls { get; private set; }

    /// <summary>Return NaN on this 1-based call (to test the non-finite stop); 0 for never.</summary>
    public int NaNOnCall { get; init; }

    public double Compute(Tensor logits, ReadOnlySpan<int> labels, Tensor? logitsGradient)
    {
        Calls++;
        int n = logits.Shape[0], k = logits.Shape[1];
        double total = 0;
        for (int r = 0; r < n; r++)
        {
            var row = logits.Data.AsSpan(r * k, k);
            double max = double.NegativeInfinity;
            foreach (float v in row)
            {
                max = Math.Max(max, v);
            }

            double sum = 0;
            foreach (float v in row)
            {
                sum += Math.Exp(v - max);
            }

            double logSum = max + Math.Log(sum);
            total += logSum - row[labels[r]];
            if (logitsGradient is not null)
            {
                for (int c = 0; c < k; c++)
                {
                    double p = Math.Exp(row[c] - logSum);
                    logitsGradient.Data[(r * k) + c] = (float)((p - (c == labels[r] ? 1 : 0)) / n);
                }
            }
        }

        return Calls == NaNOnCall ? double.NaN : total / n;
    }
}
