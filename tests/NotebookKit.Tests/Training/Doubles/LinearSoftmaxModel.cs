using NotebookKit.Nn;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Training.Doubles;

/// <summary>A linear classifier (logits = x·Wᵀ + b) with optional input dropout and one running-mean buffer, for trainer tests.</summary>
public sealed class LinearSoftmaxModel : IModel
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly float[] runningMean;
    private readonly float dropout;
    private float[] input = [];
    private Tensor? logits;
    private int rows;

    public LinearSoftmaxModel(int features, int classes, ulong seed, float dropout = 0f)
    {
        Features = features;
        Classes = classes;
        this.dropout = dropout;
        Random = new SeededRandom(seed);
        var init = new SeededRandom(seed + 1000);
        weight = new Parameter("fc.weight", classes, features);
        bias = new Parameter("fc.bias", classes);
        for (int i = 0; i < weight.Length; i++)
        {
            weight.Value[i] = (float)(init.NextGaussian() * 0.05);
        }

        runningMean = new float[features];
        Parameters = [weight, bias];
        Buffers = new Dictionary<string, float[]> { ["input.running_mean"] = runningMean };
    }

    public int Features { get; }

    public int Classes { get; }

    public string Name => "linear";

    public IReadOnlyList<Parameter> Parameters { get; }

    public IReadOnlyDictionary<string, float[]> Buffers { get; }

    public SeededRandom Random { get; }

    public bool Training { get; set; } = true;

    public int ForwardCalls { get; private set; }

    public Tensor Forward(Tensor input)
    {
        ForwardCalls++;
        rows = input.Shape[0];
        if (input.Length != rows * Features)
        {
            throw new ArgumentException($"Expected {Features} features per row.");
        }

        if (this.input.Length < input.Length)
        {
            this.input = new float[input.Length];
        }

        input.Span.CopyTo(this.input);
        if (Training)
        {
            for (int f = 0; f < Features; f++)
            {
                float mean = 0;
                for (int r = 0; r < rows; r++)
                {
                    mean += this.input[(r * Features) + f];
                }

                runningMean[f] = (0.9f * runningMean[f]) + (0.1f * mean / rows);
            }

            if (dropout > 0)
            {
                float keep = 1f / (1f - dropout);
                for (int i = 0; i < rows * Features; i++)
                {
                    this.input[i] = Random.NextSingle() < dropout ? 0f : this.input[i] * keep;
                }
            }
        }

        logits = new Tensor(rows, Classes);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < Classes; c++)
            {
                float sum = bias.Value[c];
                for (int f = 0; f < Features; f++)
                {
                    sum += this.input[(r * Features) + f] * weight.Value[(c * Features) + f];
                }

                logits.Data[(r * Classes) + c] = sum;
            }
        }

        return logits;
    }

    public void Backward(Tensor logitsGradient)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < Classes; c++)
            {
                float g = logitsGradient.Data[(r * Classes) + c];
                bias.Grad[c] += g;
                for (int f = 0; f < Features; f++)
                {
                    weight.Grad[(c * Features) + f] += g * input[(r * Features) + f];
                }
            }
        }
    }
}
