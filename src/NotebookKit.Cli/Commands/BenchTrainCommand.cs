using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Nn.Losses;
using NotebookKit.Nn.Models;
using NotebookKit.Optim;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit bench train</c>: training-step throughput of a model on random inputs.</summary>
/// <remarks>
/// <para>A step is zero-grad, forward, softmax cross-entropy, backward and, by default, an SGD update with momentum 0.9 and
/// Nesterov (PyTorch <c>SGD(lr=0.01, momentum=0.9, nesterov=True)</c>, the MiniVGGNet experiment's optimizer);
/// <c>--optimizer none</c> times the gradient computation alone. The JSON names what was timed.</para>
/// <para>Also reported: GFLOP/s counting the direct convolution's and the dense layers' multiply-adds (2 FLOP each;
/// Winograd executes fewer, so the count is the work done, not the instructions issued), the peak of an FMA-bound loop
/// measured right after on the same number of threads (<see cref="FmaPeak"/>) and the fraction of it, and the
/// evaluation (inference-mode forward) throughput on the same batch.</para>
/// </remarks>
internal sealed class BenchTrainCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["bench", "train"];

    public Command Create()
    {
        var model = new Option<string>("--model") { DefaultValueFactory = _ => "minivggnet", Description = "mlp, lenet or minivggnet." };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 64, Description = "Images per step." };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 60, Description = "Timed steps." };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 5, Description = "Untimed steps first (JIT, caches, buffers)." };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount, Description = "Engine threads (NnThreads.Count)." };
        var shape = new Option<string>("--input") { DefaultValueFactory = _ => "3x32x32", Description = "One image's shape CxHxW: 3x32x32 (CIFAR-10) or 1x28x28 (Fashion-MNIST)." };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 0UL, Description = "Seeds weights, inputs and labels." };
        var optimizer = new Option<string>("--optimizer") { DefaultValueFactory = _ => "sgd", Description = "sgd (SGD, lr 0.01, momentum 0.9, Nesterov) or none (forward + backward only)." };
        var profile = new Option<bool>("--profile") { Description = "Also print each layer's forward and backward milliseconds per step (stderr)." };
        var command = new Command("train", "Measure training-step throughput (forward + loss + backward + SGD update) on random inputs, GFLOP/s against a measured FMA peak, and inference throughput; last line is JSON.");
        foreach (Option o in new Option[] { model, batch, steps, warmup, threads, shape, seed, optimizer, profile })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guard(() => Run(
            parse.GetValue(model)!, parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(warmup),
            parse.GetValue(threads), parse.GetValue(shape)!, parse.GetValue(seed), parse.GetValue(optimizer)!, parse.GetValue(profile))));
        return command;
    }

    private static int Run(string modelName, int batch, int steps, int warmup, int threads, string shape, ulong seed, string optimizerName, bool profile)
    {
        if (optimizerName is not ("sgd" or "none"))
        {
            throw new ArgumentException($"--optimizer must be sgd or none, got '{optimizerName}'.");
        }

        if (batch < 1 || steps < 1 || warmup < 0 || threads < 1)
        {
            throw new ArgumentException($"--batch, --steps and --threads must be at least 1 and --warmup at least 0 (got {batch}, {steps}, {threads}, {warmup}).");
        }

        int[] dims = shape.Split('x').Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : -1).ToArray();
        if (dims.Length != 3 || dims.Any(d => d < 1))
        {
            throw new ArgumentException($"--input must look like 3x32x32 (channels x height x width), got '{shape}'.");
        }

        NnThreads.Count = threads;
        const int classes = 10;
        double pixels = (double)dims[0] * dims[1] * dims[2];
        MemoryBudget.RequireArray(pixels * batch, $"--batch {batch} of {shape} images", $"use --batch {(long)(Array.MaxLength / pixels)} or less");
        double perImage = MemoryBudget.BytesPerImage(() => Models.Create(modelName, dims[0], dims[1], dims[2], classes, seed), dims[0], dims[1], dims[2], classes);
        MemoryBudget.Require(perImage * batch, $"--batch {batch} ({modelName} on {shape} images, {MemoryBudget.Size(perImage)} per image in a training step)", $"use --batch {(long)(MemoryBudget.Limit / perImage)} or less");
        SequentialModel model = Models.Create(modelName, dims[0], dims[1], dims[2], classes, seed);
        var random = new SeededRandom(seed + 1);
        var input = new Tensor(batch, dims[0], dims[1], dims[2]);
        for (int i = 0; i < input.Length; i++)
        {
            input.Data[i] = (float)random.NextGaussian();
        }

        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = random.NextInt(classes);
        }

        var gradient = new Tensor(batch, classes);
        IOptimizer? optimizer = optimizerName == "sgd"
            ? OptimizerSpec.Create(new JsonObject { ["type"] = "SGD", ["lr"] = 0.01, ["momentum"] = 0.9, ["nesterov"] = true }, model.Parameters)
            : null;
        double loss = 0;
        void Step()
        {
            foreach (Parameter p in model.Parameters)
            {
                p.ZeroGrad();
            }

            Tensor logits = model.Forward(input);
            loss = SoftmaxCrossEntropy.Compute(logits, labels, gradient);
            model.Backward(gradient);
            optimizer?.Step();
        }

        for (int i = 0; i < warmup; i++)
        {
            Step();
        }

        var times = new double[steps];
        var total = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Step();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        double seconds = total.Elapsed.TotalSeconds;
        if (profile)
        {
            Profile(model, input, labels, gradient, steps);
        }

        // Evaluation: forward passes in inference mode (running statistics, no dropout), same batch and threads.
        model.Training = false;
        for (int i = 0; i < Math.Min(warmup, 2); i++)
        {
            model.Forward(input);
        }

        var evaluation = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            model.Forward(input);
        }

        double evalSeconds = evaluation.Elapsed.TotalSeconds;
        model.Training = true;

        // The peak the step is measured against: an FMA-bound loop on the same number of threads, right after it.
        double peak = FmaPeak.Measure(threads);
        double gflops = model.TrainingFlopsPerSample * (double)batch * steps / seconds / 1e9;

        Array.Sort(times);
        double median = times[steps / 2];
        var result = new
        {
            engine = "notebookkit",
            model = model.Name,
            batch,
            steps,
            warmup,
            threads,
            input = shape,
            optimizer = optimizer is null ? "none" : "SGD(lr=0.01, momentum=0.9, nesterov=True)",
            images_per_second = Math.Round(batch * steps / seconds, 1),
            ms_per_step = Math.Round(seconds * 1000 / steps, 3),
            median_ms_per_step = Math.Round(median, 3),
            gflops_per_second = Math.Round(gflops, 2),
            training_gflop_per_image = Math.Round(model.TrainingFlopsPerSample / 1e9, 4),
            peak_gflops_per_second = Math.Round(peak, 1),
            fraction_of_peak = Math.Round(gflops / peak, 3),
            eval_images_per_second = Math.Round(batch * steps / evalSeconds, 1),
            last_loss = Math.Round(loss, 5),
            simd_path = SimdDispatch.Best.ToString(),
            vector512 = SimdDispatch.HasVector512,
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    // Times each layer separately (after the measured run, so it does not disturb it), zeroing gradients before each
    // step as the timed step does; the zeroing itself is not counted in any layer.
    private static void Profile(SequentialModel model, Tensor input, int[] labels, Tensor gradient, int steps)
    {
        int n = model.Layers.Count;
        double[] forward = new double[n], backward = new double[n];
        for (int s = 0; s < steps; s++)
        {
            // As in the timed step: layers whose gradients were just zeroed store them instead of accumulating.
            foreach (Parameter p in model.Parameters)
            {
                p.ZeroGrad();
            }

            Tensor x = input;
            for (int i = 0; i < n; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                x = model.Layers[i].Forward(x, training: true);
                forward[i] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }

            SoftmaxCrossEntropy.Compute(x, labels, gradient);
            Tensor g = gradient;
            for (int i = n - 1; i >= 0; i--)
            {
                long t0 = Stopwatch.GetTimestamp();
                g = model.Layers[i].Backward(g);
                backward[i] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }

        for (int i = 0; i < n; i++)
        {
            Console.Error.WriteLine($"{i,3} {model.Layers[i].GetType().Name,-12} forward {forward[i] / steps,8:F2} ms  backward {backward[i] / steps,8:F2} ms");
        }
    }
}
