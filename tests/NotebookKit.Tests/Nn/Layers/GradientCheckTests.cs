using NotebookKit.Nn;
using NotebookKit.Nn.Layers;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Layers;

/// <summary>Every layer's backward pass agrees with central finite differences of L = Σ y·r (float32, h = 1e-2).</summary>
public sealed class GradientCheckTests
{
    [Fact]
    public void Linear() => Check(new Linear("fc", 7, 5, new SeededRandom(1)), [3, 7]);

    [Fact]
    public void Conv2d_padded() => Check(new Conv2d("c", 2, 3, 3, new SeededRandom(2), padding: 1), [2, 2, 5, 4]);

    [Fact]
    public void Conv2d_strided() => Check(new Conv2d("c", 3, 2, 3, new SeededRandom(3), stride: 2, padding: 1), [2, 3, 6, 7]);

    [Fact]
    public void MaxPool2d() => Check(new MaxPool2d(2), [2, 2, 4, 6], distinct: true);

    [Fact]
    public void BatchNorm2d() => Check(Shifted(new BatchNorm2d("bn", 3)), [4, 3, 2, 3]);

    [Fact]
    public void BatchNorm1d() => Check(Shifted(new BatchNorm1d("bn", 4)), [6, 4]);

    [Fact]
    public void ReLU() => Check(new ReLU(), [3, 10], awayFromZero: true);

    [Fact]
    public void Dropout()
    {
        var random = new SeededRandom(11);
        var layer = new Dropout(0.4, random);
        Check(layer, [4, 9], resetRandom: random);
    }

    private static BatchNorm Shifted(BatchNorm bn)
    {
        // Non-trivial γ and β so their gradients are exercised away from the identity.
        for (int c = 0; c < bn.NumFeatures; c++)
        {
            bn.Weight.Value[c] = 0.5f + (0.3f * c);
            bn.Bias.Value[c] = 0.1f * c;
        }

        return bn;
    }

    private static void Check(ILayer layer, int[] shape, bool distinct = false, bool awayFromZero = false, SeededRandom? resetRandom = null)
    {
        var random = new SeededRandom(99);
        int n = shape.Aggregate(1, (a, b) => a * b);
        float[] x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)random.NextGaussian();
            if (awayFromZero && Math.Abs(x[i]) < 0.1f)
            {
                x[i] += x[i] < 0 ? -0.1f : 0.1f;
            }
        }

        if (distinct)
        {
            // Values 0.1 apart in random order: a ±h nudge never changes which element is the window maximum.
            int[] order = Enumerable.Range(0, n).ToArray();
            random.Shuffle<int>(order);
            for (int i = 0; i < n; i++)
            {
                x[i] = 0.1f * order[i];
            }
        }

        ulong[]? state = resetRandom?.GetState();
        double Loss(float[] input, float[] r)
        {
            if (state is not null)
            {
                resetRandom!.SetState(state);
            }

            Tensor y = layer.Forward(new Tensor((float[])input.Clone(), shape), training: true);
            double s = 0;
            for (int i = 0; i < y.Length; i++)
            {
                s += y.Data[i] * (double)r[i];
            }

            return s;
        }

        int outLength = layer.OutputShape(shape).Aggregate(1, (a, b) => a * b);
        float[] weights = new float[outLength];
        for (int i = 0; i < outLength; i++)
        {
            weights[i] = (float)random.NextGaussian();
        }

        foreach (Parameter p in layer.Parameters)
        {
            p.ZeroGrad();
        }

        Loss(x, weights);
        float[] dx = layer.Backward(new Tensor((float[])weights.Clone(), layer.OutputShape(shape))).Span.ToArray();
        const float h = 1e-2f;
        for (int i = 0; i < n; i++)
        {
            float[] plus = (float[])x.Clone(), minus = (float[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Loss(plus, weights) - Loss(minus, weights)) / (2 * h);
            Assert.True(Math.Abs(numeric - dx[i]) <= 2e-2 * (1 + Math.Abs(numeric)), $"{layer.GetType().Name} dx[{i}] = {dx[i]}, finite difference {numeric}");
        }

        foreach (Parameter p in layer.Parameters)
        {
            float[] analytic = (float[])p.Grad.Clone();
            for (int i = 0; i < p.Length; i++)
            {
                float saved = p.Value[i];
                p.Value[i] = saved + h;
                double up = Loss(x, weights);
                p.Value[i] = saved - h;
                double down = Loss(x, weights);
                p.Value[i] = saved;
                double numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-2 * (1 + Math.Abs(numeric)), $"{p.Name}.grad[{i}] = {analytic[i]}, finite difference {numeric}");
            }
        }
    }
}
