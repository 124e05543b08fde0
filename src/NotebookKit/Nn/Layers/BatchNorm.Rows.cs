using System.Runtime.CompilerServices;

namespace NotebookKit.Nn.Layers;

// [N, C] inputs (BatchNorm1d): the forward and backward passes over rows of one value per channel.
public abstract partial class BatchNorm
{
    // [N, C]: a channel's values are C apart, so rows are walked in order with the channel range innermost. The sums
    // and roundings are those of the per-channel path with rows of one value (double across rows, in row order).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward1d(float[] x, float[] y, int rows, int c0, int c1, bool training)
    {
        int features = NumFeatures;
        if (training)
        {
            Array.Clear(firstSums, c0, c1 - c0);
            Array.Clear(secondSums, c0, c1 - c0);
            for (int n = 0; n < rows; n++)
            {
                for (int c = c0; c < c1; c++)
                {
                    firstSums[c] += x[(n * features) + c];
                }
            }

            for (int c = c0; c < c1; c++)
            {
                batchMean[c] = (float)(firstSums[c] / rows);
            }

            for (int n = 0; n < rows; n++)
            {
                for (int c = c0; c < c1; c++)
                {
                    float d = x[(n * features) + c] - batchMean[c];
                    secondSums[c] += d * d;
                }
            }

            for (int c = c0; c < c1; c++)
            {
                double squares = secondSums[c];
                invStd[c] = (float)(1.0 / Math.Sqrt((squares / rows) + Eps));
                runningMean[c] = (float)(((1 - Momentum) * runningMean[c]) + (Momentum * batchMean[c]));
                runningVar[c] = (float)(((1 - Momentum) * runningVar[c]) + (Momentum * squares / (rows - 1)));
            }
        }
        else
        {
            for (int c = c0; c < c1; c++)
            {
                batchMean[c] = runningMean[c];
                invStd[c] = (float)(1.0 / Math.Sqrt(runningVar[c] + Eps));
            }
        }

        if (DefersOutput)
        {
            return;
        }

        for (int n = 0; n < rows; n++)
        {
            for (int c = c0; c < c1; c++)
            {
                float xhat = (x[(n * features) + c] + -batchMean[c]) * invStd[c];
                y[(n * features) + c] = (xhat * Weight.Value[c]) + Bias.Value[c];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Backward1d(float[] x, float[] dy, float[]? dx, int rows, int c0, int c1, bool mask)
    {
        int features = NumFeatures;
        Array.Clear(firstSums, c0, c1 - c0);
        Array.Clear(secondSums, c0, c1 - c0);
        for (int n = 0; n < rows; n++)
        {
            for (int c = c0; c < c1; c++)
            {
                int i = (n * features) + c;
                float g = dy[i], xhat = (x[i] + -batchMean[c]) * invStd[c];
                firstSums[c] += g;
                secondSums[c] += g * xhat;
            }
        }

        for (int c = c0; c < c1; c++)
        {
            sumDy[c] = (float)firstSums[c];
            sumDyXhat[c] = (float)secondSums[c];
        }

        if (dx is null)
        {
            return;
        }

        for (int n = 0; n < rows; n++)
        {
            for (int c = c0; c < c1; c++)
            {
                int i = (n * features) + c;
                double k = Weight.Value[c] * invStd[c];
                float a = (float)k, b = (float)(-k * secondSums[c] / rows), cc = (float)(-k * firstSums[c] / rows);
                float xhat = (x[i] + -batchMean[c]) * invStd[c];
                float value = (dy[i] * a) + (xhat * b) + cc;
                dx[i] = mask && !(x[i] > 0f) ? 0f : value;
            }
        }
    }
}
