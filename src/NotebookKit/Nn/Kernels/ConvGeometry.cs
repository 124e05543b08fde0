namespace NotebookKit.Nn.Kernels;

/// <summary>The geometry of a 2-D convolution or pooling window over one image.</summary>
/// <param name="Channels">Input channels C.</param>
/// <param name="Height">Input height H.</param>
/// <param name="Width">Input width W.</param>
/// <param name="KernelHeight">Window height (PyTorch <c>kernel_size[0]</c>).</param>
/// <param name="KernelWidth">Window width (PyTorch <c>kernel_size[1]</c>).</param>
/// <param name="Stride">Step between windows (PyTorch <c>stride</c>).</param>
/// <param name="Padding">Zero padding on every side (PyTorch <c>padding</c>).</param>
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    /// <summary>Output height, ⌊(H + 2·padding − kh) / stride⌋ + 1.</summary>
    public int OutputHeight => ((Height + (2 * Padding) - KernelHeight) / Stride) + 1;

    /// <summary>Output width, ⌊(W + 2·padding − kw) / stride⌋ + 1.</summary>
    public int OutputWidth => ((Width + (2 * Padding) - KernelWidth) / Stride) + 1;

    /// <summary>Rows of the column matrix: C·kh·kw.</summary>
    public int PatchSize => Channels * KernelHeight * KernelWidth;
}
