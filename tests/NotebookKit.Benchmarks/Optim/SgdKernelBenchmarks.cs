using BenchmarkDotNet.Attributes;
using NotebookKit.Optim.Kernels;
using NotebookKit.Optim.Kernels.Reference;
using NotebookKit.Simd;

namespace NotebookKit.Benchmarks.Optim;

/// <summary>The fused SGD-with-momentum kernel on each SIMD path against its reference twin, single-threaded.</summary>
public class SgdKernelBenchmarks
{
    private float[] p = [], g = [], buf = [];
    private SgdOperator op;

    [Params(65_536, 1_048_576)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        p = Enumerable.Range(0, Length).Select(_ => (float)rng.NextDouble()).ToArray();
        g = Enumerable.Range(0, Length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        buf = new float[Length];
        op = new SgdOperator { HasMomentum = true, Momentum = 0.9f, OneMinusDampening = 1f, NegativeLearningRate = -1e-6f, Prelude = new() { L2 = 5e-4f } };
    }

    [Benchmark(Baseline = true)]
    public void ReferenceTwin() => ReferenceKernels.Sgd(op, p, g, buf);

    [Benchmark]
    public void Scalar() => UpdateEngine.RunRange(op, p, g, buf, null, null, 0, Length, SimdPath.Scalar);

    [Benchmark]
    public void Vector256Path() => UpdateEngine.RunRange(op, p, g, buf, null, null, 0, Length, SimdPath.Vector256);

    [Benchmark]
    public void Auto() => UpdateEngine.RunRange(op, p, g, buf, null, null, 0, Length, SimdPath.Auto);
}
