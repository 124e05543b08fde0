using BenchmarkDotNet.Attributes;
using NotebookKit.Optim.Kernels;
using NotebookKit.Optim.Kernels.Reference;
using NotebookKit.Simd;

namespace NotebookKit.Benchmarks.Optim;

/// <summary>
/// The fused Adam/AdamW kernel on each SIMD path against its plain-loop reference twin, single-threaded.
/// Run: <c>dotnet run -c Release --project tests/NotebookKit.Benchmarks -- --filter '*AdamKernel*'</c>.
/// </summary>
[MemoryDiagnoser]
public class AdamKernelBenchmarks
{
    private float[] p = [], g = [], m = [], v = [];
    private AdamOperator op;

    /// <summary>1M fits in no cache here (16 MB of buffers); 64K fits in L2.</summary>
    [Params(65_536, 1_048_576)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        p = Enumerable.Range(0, Length).Select(_ => (float)rng.NextDouble()).ToArray();
        g = Enumerable.Range(0, Length).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        m = new float[Length];
        v = new float[Length];
        op = new AdamOperator
        {
            Prelude = new() { Decoupled = true, DecayFactor = 0.99999f },
            Beta1 = 0.9f,
            OneMinusBeta1 = 0.1f,
            Beta2 = 0.999f,
            OneMinusBeta2 = 0.001f,
            Bc2Sqrt = 0.5f,
            Epsilon = 1e-8f,
            NegativeStepSize = -1e-6f,
        };
    }

    [Benchmark(Baseline = true)]
    public void ReferenceTwin() => ReferenceKernels.Adam(op, p, g, m, v, null);

    [Benchmark]
    public void Scalar() => UpdateEngine.RunRange(op, p, g, m, v, null, 0, Length, SimdPath.Scalar);

    [Benchmark]
    public void Vector256Path() => UpdateEngine.RunRange(op, p, g, m, v, null, 0, Length, SimdPath.Vector256);

    [Benchmark]
    public void Auto() => UpdateEngine.RunRange(op, p, g, m, v, null, 0, Length, SimdPath.Auto);
}
