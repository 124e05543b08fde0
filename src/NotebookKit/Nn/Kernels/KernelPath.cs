namespace NotebookKit.Nn.Kernels;

/// <summary>Which instruction set a kernel runs on; tests force each one that the machine supports.</summary>
public enum KernelPath
{
    /// <summary>The best the processor supports.</summary>
    Auto,

    /// <summary>Plain loops: the reference every SIMD path is compared with.</summary>
    Scalar,

    /// <summary>256-bit vectors with FMA (AVX2-class processors).</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512F).</summary>
    Vector512,
}
