namespace NotebookKit.Simd;

/// <summary>Which register width a kernel runs on. Tests and benchmarks force each one the processor supports.</summary>
/// <remarks>Every kernel in the library resolves a request through <see cref="SimdDispatch.Resolve"/>, so one rule decides.</remarks>
public enum SimdPath
{
    /// <summary>The widest path the processor supports (<see cref="SimdDispatch.Best"/>).</summary>
    Auto,

    /// <summary>Plain loops: the reference every vector path is compared with.</summary>
    Scalar,

    /// <summary>256-bit vectors with FMA (AVX2-class processors), then a scalar remainder.</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512F), then 256-bit and scalar remainders.</summary>
    Vector512,
}
