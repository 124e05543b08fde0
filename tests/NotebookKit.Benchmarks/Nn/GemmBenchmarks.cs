using BenchmarkDotNet.Attributes;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;

namespace NotebookKit.Benchmarks.Nn;

/// <summary>The GEMM shapes of a MiniVGGNet training step (per image), on each instruction set, single-threaded.</summary>
/// <remarks>dotnet run -c Release --project tests/NotebookKit.Benchmarks -- --filter '*GemmBenchmarks*'</remarks>
public class GemmBenchmarks
{
    private float[] a = [], b = [], c = [];

    /// <summary>Shape as "op m n k": conv 32→32 at 32×32 (forward, weight gradient, column gradient) and conv 64→64 at 16×16.</summary>
    [Params("NN 32 1024 288", "NT 32 288 1024", "TN 288 1024 32", "NN 64 256 576", "NT 64 576 256", "TN 576 256 64")]
    public string Shape { get; set; } = "NN 32 1024 288";

    [Params(SimdPath.Vector512, SimdPath.Vector256)]
    public SimdPath Path { get; set; }

    private (bool Ta, bool Tb, int M, int N, int K) Dims
    {
        get
        {
            string[] s = Shape.Split(' ');
            return (s[0][0] == 'T', s[0][1] == 'T', int.Parse(s[1]), int.Parse(s[2]), int.Parse(s[3]));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var (_, _, m, n, k) = Dims;
        var r = new Random(1);
        a = Enumerable.Range(0, m * k).Select(_ => (float)r.NextDouble()).ToArray();
        b = Enumerable.Range(0, k * n).Select(_ => (float)r.NextDouble()).ToArray();
        c = new float[m * n];
    }

    [Benchmark]
    public void Multiply()
    {
        var (ta, tb, m, n, k) = Dims;
        Gemm.Multiply(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, c, n, path: Path);
    }
}
