using System.Runtime.CompilerServices;
namespace NotebookKit.Nn.Kernels;

/// <summary>im2col and col2im: a convolution as a matrix product (Chellapilla et al. 2006; Caffe's layout).</summary>
/// <remarks>
/// The column matrix has C·kh·kw rows (channel-major, then kernel row, then kernel column, matching PyTorch's
/// weight layout [out, C, kh, kw]) and OH·OW columns, so conv = W[out × C·kh·kw] · col. Padding reads as zero.
/// </remarks>
public static class Im2Col
{
    /// <summary>Unfolds one image [C, H, W] into its column matrix [C·kh·kw, OH·OW].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, Span<float> columns)
    {
        int oh = g.OutputHeight, ow = g.OutputWidth;
        CheckLengths(image.Length, columns.Length, g);
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            ReadOnlySpan<float> plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    Span<float> dst = columns.Slice(row * oh * ow, oh * ow);
                    for (int y = 0; y < oh; y++)
                    {
                        int iy = (y * g.Stride) - g.Padding + ki;
                        Span<float> dstRow = dst.Slice(y * ow, ow);
                        if ((uint)iy >= (uint)g.Height)
                        {
                            dstRow.Clear();
                            continue;
                        }

                        ReadOnlySpan<float> src = plane.Slice(iy * g.Width, g.Width);
                        // Output columns whose input column ix = x·stride − pad + kj lies inside the image.
                        int x0 = Math.Max(0, CeilDiv(g.Padding - kj, g.Stride));
                        int x1 = Math.Min(ow, CeilDiv(g.Width + g.Padding - kj, g.Stride));
                        if (x1 <= x0)
                        {
                            dstRow.Clear();
                            continue;
                        }

                        dstRow[..x0].Clear();
                        dstRow[x1..].Clear();
                        int ix0 = (x0 * g.Stride) - g.Padding + kj;
                        if (g.Stride == 1)
                        {
                            src.Slice(ix0, x1 - x0).CopyTo(dstRow[x0..x1]);
                        }
                        else
                        {
                            for (int x = x0, ix = ix0; x < x1; x++, ix += g.Stride)
                            {
                                dstRow[x] = src[ix];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Folds a column matrix back into an image, adding overlapping contributions (the adjoint of <see cref="Unfold"/>).</summary>
    /// <remarks>Overwrites <paramref name="image"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fold(ReadOnlySpan<float> columns, in ConvGeometry g, Span<float> image)
    {
        int oh = g.OutputHeight, ow = g.OutputWidth;
        CheckLengths(image.Length, columns.Length, g);
        image[..(g.Channels * g.Height * g.Width)].Clear();
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            Span<float> plane = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    ReadOnlySpan<float> src = columns.Slice(row * oh * ow, oh * ow);
                    int x0 = Math.Max(0, CeilDiv(g.Padding - kj, g.Stride));
                    int x1 = Math.Min(ow, CeilDiv(g.Width + g.Padding - kj, g.Stride));
                    for (int y = 0; y < oh; y++)
                    {
                        int iy = (y * g.Stride) - g.Padding + ki;
                        if ((uint)iy >= (uint)g.Height || x1 <= x0)
                        {
                            continue;
                        }

                        Span<float> dst = plane.Slice(iy * g.Width, g.Width);
                        ReadOnlySpan<float> srcRow = src.Slice(y * ow, ow);
                        int ix0 = (x0 * g.Stride) - g.Padding + kj;
                        if (g.Stride == 1)
                        {
                            Elementwise.Add(srcRow[x0..x1], dst.Slice(ix0, x1 - x0));
                        }
                        else
                        {
                            for (int x = x0, ix = ix0; x < x1; x++, ix += g.Stride)
                            {
                                dst[ix] += srcRow[x];
                            }
                        }
                    }
                }
            }
        }
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static void CheckLengths(int imageLength, int columnsLength, in ConvGeometry g)
    {
        if (g.Stride < 1 || g.Padding < 0 || g.KernelHeight < 1 || g.KernelWidth < 1 || g.OutputHeight < 1 || g.OutputWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(g), $"Invalid convolution geometry {g}: kernel and stride must be positive, padding non-negative, and the output at least 1x1.");
        }

        if (imageLength < g.Channels * g.Height * g.Width || columnsLength < g.PatchSize * g.OutputHeight * g.OutputWidth)
        {
            throw new ArgumentException($"im2col buffers too short for {g}: image {imageLength}, columns {columnsLength}.");
        }
    }
}
