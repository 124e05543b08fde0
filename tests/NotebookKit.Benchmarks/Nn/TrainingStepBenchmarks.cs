using BenchmarkDotNet.Attributes;
using NotebookKit.Nn;
using NotebookKit.Nn.Losses;
using NotebookKit.Nn.Models;
using NotebookKit.Tensors;

namespace NotebookKit.Benchmarks.Nn;

/// <summary>One training step (zero-grad, forward, cross-entropy, backward) at batch 64; `nbkit bench train` is the headline figure.</summary>
/// <remarks>dotnet run -c Release --project tests/NotebookKit.Benchmarks -- --filter '*TrainingStepBenchmarks*'</remarks>
public class TrainingStepBenchmarks
{
    private SequentialModel model = null!;
    private Tensor input = null!, gradient = null!;
    private int[] labels = [];

    [Params("minivggnet 3x32x32", "lenet 1x28x28")]
    public string Model { get; set; } = "minivggnet 3x32x32";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        NnThreads.Count = Threads;
        string[] parts = Model.Split(' ');
        int[] d = parts[1].Split('x').Select(int.Parse).ToArray();
        model = Models.Create(parts[0], d[0], d[1], d[2], 10, seed: 0);
        var random = new SeededRandom(1);
        input = new Tensor(64, d[0], d[1], d[2]);
        for (int i = 0; i < input.Length; i++)
        {
            input.Data[i] = (float)random.NextGaussian();
        }

        labels = Enumerable.Range(0, 64).Select(i => i % 10).ToArray();
        gradient = new Tensor(64, 10);
    }

    [Benchmark]
    public double Step()
    {
        foreach (Parameter p in model.Parameters)
        {
            p.ZeroGrad();
        }

        double loss = SoftmaxCrossEntropy.Compute(model.Forward(input), labels, gradient);
        model.Backward(gradient);
        return loss;
    }
}
