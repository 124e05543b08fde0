namespace NotebookKit.Nn.Layers;

/// <summary>How <see cref="Conv2d"/> computes its products.</summary>
public enum ConvAlgorithm
{
    /// <summary>Winograd where it applies and pays (3×3, stride 1, padding ≤ 2, at least 8 input and output channels), else direct.</summary>
    Auto,

    /// <summary>The direct convolution: implicit im2col and GEMM (the reference).</summary>
    Direct,

    /// <summary>Winograd F(4×4, 3×3) for the forward pass, the input gradient and the weight gradient (3×3, stride 1, padding ≤ 2 only).</summary>
    Winograd,
}
