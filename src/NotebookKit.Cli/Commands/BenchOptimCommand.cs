using System.CommandLine;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Simd;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit bench optim</c>: optimizer step throughput against the machine's measured copy bandwidth.</summary>
/// <remarks>
/// An optimizer step is memory-bound: AdamW reads p, g, m, v and writes p, m, v, 28 bytes per parameter. The bound is
/// those bytes divided by the bandwidth of a plain parallel copy (read + write) measured here with the same thread count;
/// <c>ratio_to_bound</c> = measured step time / bound time (1.0 = as fast as copying the same bytes).
/// </remarks>
internal sealed class BenchOptimCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["bench", "optim"];

    public Command Create()
    {
        var optimizer = new Option<string>("--optimizer") { DefaultValueFactory = _ => "AdamW", Description = "SGD (momentum 0.9), Adam, AdamW, RMSprop or Adagrad, with PyTorch defaults." };
        var parameters = new Option<int>("--params") { DefaultValueFactory = _ => 10_000_000, Description = "Number of float32 parameters (one tensor)." };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 20, Description = "Timed steps (the median is reported)." };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount, Description = "Threads for the optimizer kernels and the copy." };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 3, Description = "Untimed steps first (JIT, page faults)." };
        var command = new Command("optim", "Time optimizer steps; last line is JSON with params_per_second and the ratio to the memory-bandwidth bound.");
        foreach (var o in new Option[] { optimizer, parameters, steps, threads, warmup })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult => CliApp.Guard(() =>
        {
            var result = Run(parseResult.GetValue(optimizer)!, parseResult.GetValue(parameters), parseResult.GetValue(steps), parseResult.GetValue(threads), parseResult.GetValue(warmup));
            Console.WriteLine(result.ToJsonString());
            return 0;
        }));
        return command;
    }

    internal static JsonObject Run(string type, int n, int steps, int threads, int warmup)
    {
        if (n < 1)
        {
            throw new ArgumentException($"--params must be at least 1, got {n}.");
        }

        if (steps < 1 || warmup < 0)
        {
            throw new ArgumentException($"--steps must be at least 1 and --warmup at least 0, got {steps} and {warmup}.");
        }

        if (threads < 1)
        {
            throw new ArgumentException($"--threads must be at least 1, got {threads}.");
        }

        // The parameter, its gradient, up to three optimizer buffers and the two copy-bandwidth arrays.
        MemoryBudget.Require(7.0 * sizeof(float) * n, $"--params {n} (7 float32 arrays of that length)", $"use --params {(long)(MemoryBudget.Limit / (7.0 * sizeof(float)))} or less");

        var spec = new JsonObject { ["type"] = type };
        switch (type)
        {
            case "SGD":
                spec["lr"] = 0.01;
                spec["momentum"] = 0.9;
                break;
            case "Adam" or "AdamW" or "RMSprop" or "Adagrad":
                break;
            default:
                throw new ArgumentException($"--optimizer must be SGD, Adam, AdamW, RMSprop or Adagrad, got '{type}'.");
        }

        var p = new Parameter("w", n);
        var rng = new Random(0);
        for (int i = 0; i < n; i++)
        {
            p.Value[i] = (float)(rng.NextDouble() - 0.5);
            p.Grad[i] = (float)(rng.NextDouble() - 0.5) * 0.01f;
        }

        OptimizerThreads.Default = threads;
        IOptimizer opt = OptimizerSpec.Create(spec, [p]);
        for (int i = 0; i < Math.Max(warmup, 1); i++)
        {
            opt.Step();
        }

        double[] times = new double[steps];
        for (int s = 0; s < steps; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            opt.Step();
            times[s] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }

        // Buffers after the first step: read p, g and every buffer; write p and every buffer.
        int buffers = opt.Save().Buffers.Count;
        long bytesPerParam = 4L * (3 + (2 * buffers));
        double stepSeconds = Median(times);
        var (copyBytesPerSecond, inPlaceBytesPerSecond) = Bandwidth(n, threads, steps);
        double bandwidth = Math.Max(copyBytesPerSecond, inPlaceBytesPerSecond);
        double boundSeconds = bytesPerParam * (double)n / bandwidth;
        return new JsonObject
        {
            ["benchmark"] = "optim",
            ["optimizer"] = type,
            ["params"] = n,
            ["steps"] = steps,
            ["threads"] = threads,
            ["simd"] = SimdDispatch.Best switch { SimdPath.Vector512 => "Vector512", SimdPath.Vector256 => "Vector256", _ => "scalar" },
            ["seconds_per_step_median"] = stepSeconds,
            ["params_per_second"] = n / stepSeconds,
            ["bytes_per_param"] = bytesPerParam,
            ["bytes_per_second"] = bytesPerParam * (double)n / stepSeconds,
            ["copy_bytes_per_second"] = copyBytesPerSecond,
            ["inplace_add_bytes_per_second"] = inPlaceBytesPerSecond,
            ["bandwidth_bytes_per_second"] = bandwidth,
            ["bandwidth_bound_seconds"] = boundSeconds,
            ["ratio_to_bound"] = stepSeconds / boundSeconds,
        };
    }

    /// <summary>
    /// Median bytes per second of two memory-bound loops over <paramref name="n"/> floats (at least 32 MiB per array), on
    /// <paramref name="threads"/> threads: a copy <c>dst = src</c> (8 bytes per element counted) and an in-place add
    /// <c>a += b</c> (12 bytes per element). A copy also pays a read-for-ownership of dst that it does not count, so an
    /// in-place update like the optimizer's can beat it; the bound uses the faster of the two.
    /// </summary>
    private static (double Copy, double InPlace) Bandwidth(int n, int threads, int repeats)
    {
        int length = Math.Max(n, 8 << 20);
        float[] a = new float[length], b = new float[length];
        Array.Fill(a, 1f);
        Array.Fill(b, 0.5f);
        int per = (length + threads - 1) / threads;
        double Measure(Action<int, int> body, double bytesPerElement)
        {
            double[] rates = new double[Math.Max(repeats, 5)];
            for (int r = -1; r < rates.Length; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
                {
                    int start = Math.Min(i * per, length);
                    body(start, Math.Min(start + per, length) - start);
                });
                double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (r >= 0)
                {
                    rates[r] = bytesPerElement * length / seconds;
                }
            }

            return Median(rates);
        }

        double copy = Measure((start, count) => a.AsSpan(start, count).CopyTo(b.AsSpan(start, count)), 8);
        double inPlace = Measure((start, count) => AddInPlace(a.AsSpan(start, count), b.AsSpan(start, count)), 12);
        return (copy, inPlace);
    }

    private static void AddInPlace(Span<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        if (SimdDispatch.HasVector512)
        {
            for (; i <= a.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                (Vector512.Create(a.Slice(i, Vector512<float>.Count)) + Vector512.Create(b.Slice(i, Vector512<float>.Count))).CopyTo(a.Slice(i));
            }
        }

        for (; i <= a.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            (Vector256.Create(a.Slice(i, Vector256<float>.Count)) + Vector256.Create(b.Slice(i, Vector256<float>.Count))).CopyTo(a.Slice(i));
        }

        for (; i < a.Length; i++)
        {
            a[i] += b[i];
        }
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
