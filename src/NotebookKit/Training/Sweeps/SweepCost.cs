using System.Diagnostics;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Specs;
using NotebookKit.Tensors;

namespace NotebookKit.Training.Sweeps;

/// <summary>Estimates a sweep's cost (<see cref="SweepCostEstimate"/>).</summary>
public static class SweepCost
{
    private const int WarmupSteps = 1;
    private const int TimedSteps = 3;

    /// <summary>Training and test images of each dataset, and one image's shape (the datasets' published sizes).</summary>
    private static readonly Dictionary<string, (int Train, int Test, int Channels, int Height, int Width, int Classes)> Datasets = new(StringComparer.Ordinal)
    {
        ["fashion-mnist"] = (60_000, 10_000, 1, 28, 28, 10),
        ["cifar10"] = (50_000, 10_000, 3, 32, 32, 10),
    };

    /// <summary>Counts each point's work and, when <paramref name="measure"/> is true, times it on this machine.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="measure">Time a few steps of each kind of point (needs no dataset: random images of the right shape).</param>
    /// <param name="progress">Receives a line per kind of point measured.</param>
    /// <param name="cancellationToken">Stops measuring.</param>
    public static SweepCostEstimate Estimate(SweepPlan plan, bool measure = true, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var measured = new Dictionary<(string, string, int, int, string), SweepCostMeasurement>();
        var costs = new List<SweepPointCost>();
        foreach (var point in plan.Points)
        {
            var c = point.Config;
            var data = Datasets[c.Dataset];
            int train = Math.Min(c.TrainLimit ?? data.Train, data.Train);
            int test = Math.Min(c.TestLimit ?? data.Test, data.Test);
            long steps = (long)c.Epochs * ((train + c.BatchSize - 1) / c.BatchSize);
            double? seconds = null;
            if (measure)
            {
                int threads = c.Threads ?? NnThreads.Count;
                string optimizer = new SpecReader(c.Optimizer, "optimizer").String("type", "SGD");
                var key = (c.Model, c.Dataset, c.BatchSize, threads, optimizer);
                if (!measured.TryGetValue(key, out var m))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    m = Measure(c, threads, optimizer, data);
                    measured[key] = m;
                    progress?.Report($"measured {m.Model} on {m.Dataset}, batch {m.BatchSize}, {m.Threads} threads, {m.Optimizer}: {m.SecondsPerTrainStep * 1000:F1} ms per step, {m.SecondsPerTestBatch * 1000:F1} ms per test batch");
                }

                seconds = c.Epochs * ((double)train / c.BatchSize * m.SecondsPerTrainStep + (double)test / c.BatchSize * m.SecondsPerTestBatch);
            }

            costs.Add(new SweepPointCost(point.Id, c.Epochs, train, test, steps, seconds));
        }

        return new SweepCostEstimate(plan, costs, [.. measured.Values]);
    }

    private static SweepCostMeasurement Measure(TrainingConfig config, int threads, string optimizerType, (int Train, int Test, int Channels, int Height, int Width, int Classes) data)
    {
        int previousThreads = NnThreads.Count;
        NnThreads.Count = threads;
        try
        {
            var model = Nn.Models.Models.Create(config.Model, data.Channels, data.Height, data.Width, data.Classes, config.Seed);
            var optimizer = OptimizerSpec.Create(new SpecReader(config.Optimizer, "optimizer"), model.Parameters);
            var random = new SeededRandom(config.Seed);
            var input = new Tensor(config.BatchSize, data.Channels, data.Height, data.Width);
            for (int i = 0; i < input.Length; i++)
            {
                input.Data[i] = (float)random.NextGaussian();
            }

            int[] labels = [.. Enumerable.Range(0, config.BatchSize).Select(_ => random.NextInt(data.Classes))];
            var gradient = new Tensor(config.BatchSize, data.Classes);
            var loss = SoftmaxCrossEntropyLoss.Instance;
            double trainStep = Time(() =>
            {
                model.Training = true;
                optimizer.ZeroGrad();
                var logits = model.Forward(input);
                loss.Compute(logits, labels, gradient);
                model.Backward(gradient);
                optimizer.Step();
            });
            double testBatch = Time(() =>
            {
                model.Training = false;
                loss.Compute(model.Forward(input), labels, null);
            });
            return new SweepCostMeasurement(config.Model, config.Dataset, config.BatchSize, threads, optimizerType, trainStep, testBatch);
        }
        finally
        {
            NnThreads.Count = previousThreads;
        }
    }

    /// <summary>The mean seconds of <see cref="TimedSteps"/> runs after <see cref="WarmupSteps"/> untimed ones.</summary>
    private static double Time(Action step)
    {
        for (int i = 0; i < WarmupSteps; i++)
        {
            step();
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < TimedSteps; i++)
        {
            step();
        }

        return clock.Elapsed.TotalSeconds / TimedSteps;
    }
}
