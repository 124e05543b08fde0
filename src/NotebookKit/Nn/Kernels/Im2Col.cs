using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NotebookKit.Simd;

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

    /// <summary>The checked form of the pointer <see cref="UnfoldBlock(float*, in ConvGeometry, int, int, int, int, float*, int)"/> (tests).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The block leaves the column matrix or a buffer is too short.</exception>
    internal static unsafe void UnfoldBlock(ReadOnlySpan<float> image, in ConvGeometry g, int row0, int rows, int col0, int cols, Span<float> dst, int ldd)
    {
        CheckGeometry(g, image.Length);
        int n = g.OutputHeight * g.OutputWidth;
        if (row0 < 0 || rows < 0 || row0 + rows > g.PatchSize || col0 < 0 || cols < 0 || col0 + cols > n || ldd < cols || dst.Length < (long)rows * ldd)
        {
            throw new ArgumentOutOfRangeException(nameof(dst), $"Block rows {row0}+{rows}, columns {col0}+{cols}, stride {ldd} does not fit a {g.PatchSize}x{n} column matrix and a {dst.Length}-value buffer.");
        }

        fixed (float* pi = image, pd = dst)
        {
            UnfoldBlock(pi, g, row0, rows, col0, cols, pd, ldd);
        }
    }

    /// <summary>
    /// Writes rows [<paramref name="row0"/>, +<paramref name="rows"/>) × columns [<paramref name="col0"/>, +<paramref name="cols"/>)
    /// of the image's column matrix to <paramref name="dst"/> with row stride <paramref name="ldd"/>, zero-filling each row
    /// from <paramref name="cols"/> to <paramref name="ldd"/>: one packed GEMM panel, read straight from the image.
    /// </summary>
    /// <remarks>
    /// A column j is the output pixel (j / OW, j mod OW), so a row of the block is a few runs of one image row each (one
    /// run when OW ≥ the panel width), copied with 8-wide vector moves, zeros where the window leaves the image.
    /// Callers check the geometry and bounds (<see cref="CheckGeometry"/>).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void UnfoldBlock(float* image, in ConvGeometry g, int row0, int rows, int col0, int cols, float* dst, int ldd)
    {
        int ow = g.OutputWidth, kh = g.KernelHeight, kw = g.KernelWidth, kk = kh * kw, s = g.Stride, pad = g.Padding;
        int width = g.Width, height = g.Height, planeSize = height * width;
        int yStart = col0 / ow, xStart = col0 - (yStart * ow), end = col0 + cols;
        // The row's (channel, kernel row, kernel column) advance as counters: integer division per row cost as much
        // as the copy itself (a panel row is only 16 or 32 values).
        int ch = row0 / kk, rem = row0 - (ch * kk), ki = rem / kw, kj = rem - (ki * kw);
        for (int r = 0; r < rows; r++, dst += ldd)
        {
            float* plane = image + ((long)ch * planeSize);
            // Output columns whose input column x·stride − pad + kj lies inside the image.
            int x0 = s == 1 ? Math.Max(0, pad - kj) : Math.Max(0, CeilDiv(pad - kj, s));
            int x1 = s == 1 ? Math.Min(ow, width + pad - kj) : Math.Min(ow, CeilDiv(width + pad - kj, s));
            float* d = dst;
            for (int j = col0, y = yStart, x = xStart; j < end; j += ow - x, y++, x = 0)
            {
                int n = Math.Min(ow - x, end - j);
                int iy = (y * s) - pad + ki;
                int va = Math.Max(x, x0), vb = Math.Min(x + n, x1);
                if ((uint)iy >= (uint)height || vb <= va)
                {
                    Clear(d, n);
                }
                else
                {
                    Clear(d, va - x);
                    Clear(d + (vb - x), x + n - vb);
                    float* src = plane + ((long)iy * width) + (va * s) - pad + kj;
                    if (s == 1)
                    {
                        Copy(src, d + (va - x), vb - va);
                    }
                    else
                    {
                        for (int i = 0; i < vb - va; i++)
                        {
                            d[va - x + i] = src[i * s];
                        }
                    }
                }

                d += n;
            }

            Clear(d, ldd - cols);
            if (++kj == kw)
            {
                kj = 0;
                if (++ki == kh)
                {
                    ki = 0;
                    ch++;
                }
            }
        }
    }

    /// <summary>Checks a geometry and that an image buffer holds C·H·W values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The geometry is invalid or the image too short.</exception>
    internal static void CheckGeometry(in ConvGeometry g, int imageLength)
    {
        if (g.Channels < 1 || g.Height < 1 || g.Width < 1 || g.Stride < 1 || g.Padding < 0 || g.KernelHeight < 1 || g.KernelWidth < 1 || g.OutputHeight < 1 || g.OutputWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(g), $"Invalid convolution geometry (channels {g.Channels}, input {g.Height}x{g.Width}, kernel {g.KernelHeight}x{g.KernelWidth}, stride {g.Stride}, padding {g.Padding}): channels, size, kernel and stride must be positive, padding non-negative, and the output at least 1x1.");
        }

        if (imageLength < g.Channels * g.Height * g.Width)
        {
            throw new ArgumentOutOfRangeException(nameof(imageLength), $"The image buffer holds {imageLength} values; {g.Channels} channels of {g.Height}x{g.Width} need {g.Channels * g.Height * g.Width}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Copy(float* src, float* dst, int n)
    {
        if (SimdDispatch.HasVector256 && n >= 8)
        {
            int i = 0;
            for (; i <= n - 8; i += 8)
            {
                Vector256.Store(Vector256.Load(src + i), dst + i);
            }

            if (i < n)
            {
                // The last 8 values, overlapping the previous move: no scalar tail.
                Vector256.Store(Vector256.Load(src + n - 8), dst + n - 8);
            }

            return;
        }

        for (int i = 0; i < n; i++)
        {
            dst[i] = src[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Clear(float* dst, int n)
    {
        for (int i = 0; i < n; i++)
        {
            dst[i] = 0f;
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
