using BenchmarkDotNet.Attributes;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;

namespace NotebookKit.Benchmarks.Nn;

/// <summary>One image's convolution GEMMs with implicit im2col against unfold-then-multiply, single-threaded.</summary>
/// <remarks>dotnet run -c Release --project tests/NotebookKit.Benchmarks -- --filter '*ConvGemmBenchmarks*'</remarks>
public class ConvGemmBenchmarks
{
    private float[] weight = [], weightGradient = [], image = [], output = [], columns = [];
    private ConvGeometry geometry;

    /// <summary>MiniVGGNet's two large convolutions: "channels size" (3×3, padding 1, channels in = out).</summary>
    [Params("32 32", "64 16")]
    public string Layer { get; set; } = "32 32";

    [Params(SimdPath.Vector512, SimdPath.Vector256)]
    public SimdPath Path { get; set; }

    private int Channels => int.Parse(Layer.Split(' ')[0]);

    private int Spatial => geometry.OutputHeight * geometry.OutputWidth;

    [GlobalSetup]
    public void Setup()
    {
        int size = int.Parse(Layer.Split(' ')[1]);
        geometry = new ConvGeometry(Channels, size, size, 3, 3, 1, 1);
        var r = new Random(1);
        weight = Enumerable.Range(0, Channels * geometry.PatchSize).Select(_ => (float)r.NextDouble()).ToArray();
        image = Enumerable.Range(0, Channels * size * size).Select(_ => (float)r.NextDouble()).ToArray();
        weightGradient = new float[weight.Length];
        output = new float[Channels * Spatial];
        columns = new float[geometry.PatchSize * Spatial];
    }

    /// <summary>Forward, y = W·im2col(x), packing B straight from the image.</summary>
    [Benchmark(Baseline = true)]
    public void ForwardImplicit() => Gemm.MultiplyUnfolded(Channels, weight, geometry.PatchSize, image, geometry, output, Spatial, path: Path);

    /// <summary>Forward through the materialised column matrix.</summary>
    [Benchmark]
    public void ForwardUnfoldThenMultiply()
    {
        Im2Col.Unfold(image, geometry, columns);
        Gemm.Multiply(false, false, Channels, Spatial, geometry.PatchSize, weight, geometry.PatchSize, columns, Spatial, output, Spatial, path: Path);
    }

    /// <summary>Weight gradient, dW = dy·im2col(x)ᵀ (dy: the output buffer's values), packing Bᵀ from the image.</summary>
    [Benchmark]
    public void WeightGradientImplicit() => Gemm.MultiplyUnfoldedTransposed(Channels, output, Spatial, image, geometry, weightGradient, geometry.PatchSize, path: Path);

    /// <summary>Weight gradient through the materialised column matrix.</summary>
    [Benchmark]
    public void WeightGradientUnfoldThenMultiply()
    {
        Im2Col.Unfold(image, geometry, columns);
        Gemm.Multiply(false, true, Channels, geometry.PatchSize, Spatial, output, Spatial, columns, Spatial, weightGradient, geometry.PatchSize, path: Path);
    }
}
