namespace NotebookKit.Optim.Kernels;

/// <summary>Which register width the update engine may use (tests force each one).</summary>
internal enum SimdPath
{
    /// <summary>The widest width the processor accelerates: Vector512, else Vector256, else scalar.</summary>
    Auto,

    /// <summary>Vector256 then a scalar remainder (what an AVX2 laptop runs).</summary>
    Vector256,

    /// <summary>Plain scalar loop through the operator.</summary>
    Scalar,
}
