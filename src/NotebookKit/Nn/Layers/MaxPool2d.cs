using System.Runtime.CompilerServices;
using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>2-D max pooling over NCHW images (PyTorch <c>nn.MaxPool2d</c>, no padding, floor mode).</summary>
/// <remarks>
/// reference: https://pytorch.org/docs/1.13/generated/torch.nn.MaxPool2d.html. Output size ⌊(H − k)/stride⌋ + 1.
/// Ties go to the first maximum in row-major window order, as PyTorch's CPU kernel does; backward routes each
/// output gradient to that position. Threads split the N·C planes (each output written by one thread). The 2×2,
/// stride-2 case runs <see cref="MaxPool2x2"/> (vectorised forward, a backward that writes each input once); after a
/// batch norm whose output it applies as it reads, its backward is left to that batch norm, which expands the
/// gradient a channel at a time in cache.
/// </remarks>
public sealed class MaxPool2d : LayerBase
{
    private Tensor? output, inputGradient, mappedInput;
    private int[] argmax = [];
    private byte[] windowArgMax = [];

    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">PyTorch <c>kernel_size</c> (square).</param>
    /// <param name="stride">PyTorch <c>stride</c>; defaults to <paramref name="kernelSize"/>, as in PyTorch.</param>
    public MaxPool2d(int kernelSize, int? stride = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelSize, "kernel_size");
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Stride, "stride");
    }

    /// <summary>The batch norm whose output is this layer's input, deferred (set by a model that fuses them): its map is applied to each window's values.</summary>
    internal BatchNorm? InputNormalization { get; set; }

    /// <summary>
    /// Set by a model whose batch norm in front expands this layer's gradient itself (<see cref="BatchNorm.PooledGradient"/>;
    /// 2×2, stride 2 only): Backward then returns its output gradient unchanged, and the dense input gradient is never written.
    /// </summary>
    internal bool HandsGradientToNormalization { get; set; }

    /// <summary>
    /// The argmax of the last 2×2, stride-2 forward pass: for each output, its maximum's place in the window, one byte
    /// (<see cref="MaxPool2x2.PlaneIndex"/>). Other windows keep the index in the plane as an int.
    /// </summary>
    internal byte[] WindowArgMax => windowArgMax;

    /// <summary>PyTorch <c>kernel_size</c>.</summary>
    public int KernelSize { get; }

    /// <summary>PyTorch <c>stride</c>.</summary>
    public int Stride { get; }

    /// <inheritdoc/>
    public override int[] OutputShape(IReadOnlyList<int> inputShape)
    {
        int oh = ((inputShape[2] - KernelSize) / Stride) + 1, ow = ((inputShape[3] - KernelSize) / Stride) + 1;
        if (inputShape[2] < KernelSize || inputShape[3] < KernelSize)
        {
            throw new ArgumentException($"MaxPool2d: a {inputShape[2]}x{inputShape[3]} input is smaller than kernel_size {KernelSize}.", nameof(inputShape));
        }

        return [inputShape[0], inputShape[1], oh, ow];
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        CheckInput(input, 4, "MaxPool2d");
        int[] shape = OutputShape(input.Shape);
        int planes = shape[0] * shape[1], h = input.Shape[2], w = input.Shape[3], oh = shape[2], ow = shape[3];
        Tensor y = Reuse(ref output, shape);
        bool window2x2 = KernelSize == 2 && Stride == 2;
        if (window2x2 && windowArgMax.Length != y.Length)
        {
            windowArgMax = new byte[y.Length];
        }
        else if (!window2x2 && argmax.Length != y.Length)
        {
            argmax = new int[y.Length];
        }

        int[] arg = argmax;
        byte[] places = windowArgMax;
        int chunks = NnThreads.ChunksFor(planes, 16);
        bool mapped = InputNormalization is not null;
        ChannelAffine map = InputNormalization?.OutputMap ?? default;
        if (mapped && !(KernelSize == 2 && Stride == 2))
        {
            // The general window loop reads plain values: apply the deferred batch norm's map first.
            Tensor plain = Reuse(ref mappedInput, input.Shape);
            map.Apply(input.Data, planes, h * w, plain.Data);
            (input, mapped) = (plain, false);
        }

        // The 2×2 kernel requests a later plane's lines (about 4 KB ahead) while it reads each plane.
        int ahead = NormalizeBackward.RowsAhead(h * w);
        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (p0, p1) = NnThreads.Range(planes, chunks, t);
            for (int p = p0; p < p1; p++)
            {
                if (KernelSize == 2 && Stride == 2)
                {
                    int next = Math.Min(p + ahead, p1 - 1);
                    MaxPool2x2.Forward(
                        input.Data.AsSpan(p * h * w, h * w), w, oh, ow, y.Data.AsSpan(p * oh * ow, oh * ow), places.AsSpan(p * oh * ow, oh * ow), SimdPath.Auto,
                        mapped, mapped ? map.For(p % shape[1]) : default, input.Data.AsSpan(next * h * w, h * w));
                    continue;
                }

                ReadOnlySpan<float> plane = input.Data.AsSpan(p * h * w, h * w);
                int o = p * oh * ow;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++, o++)
                    {
                        int best = (oy * Stride * w) + (ox * Stride);
                        float max = plane[best];
                        for (int ky = 0; ky < KernelSize; ky++)
                        {
                            int row = ((oy * Stride) + ky) * w;
                            for (int kx = 0; kx < KernelSize; kx++)
                            {
                                int i = row + (ox * Stride) + kx;
                                float v = plane[i];
                                if (v > max || float.IsNaN(v))
                                {
                                    (max, best) = (v, i);
                                }
                            }
                        }

                        y.Data[o] = max;
                        arg[o] = best;
                    }
                }
            }
        });
        LastInput = training ? input : null;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor x = RequireForward(outputGradient, "MaxPool2d");
        if (!ComputeInputGradient)
        {
            return NoGradient;
        }

        if (HandsGradientToNormalization && KernelSize == 2 && Stride == 2)
        {
            return outputGradient;
        }

        Tensor dx = Reuse(ref inputGradient, x.Shape);
        int planes = x.Shape[0] * x.Shape[1], planeIn = x.Shape[2] * x.Shape[3], planeOut = outputGradient.Length / planes;
        int[] arg = argmax;
        byte[] places = windowArgMax;
        int chunks = NnThreads.ChunksFor(planes, 16);
        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (p0, p1) = NnThreads.Range(planes, chunks, t);
            if (KernelSize == 2 && Stride == 2)
            {
                // Windows do not overlap: every input position is written once, no clearing pass.
                int h = x.Shape[2], w = x.Shape[3];
                for (int p = p0; p < p1; p++)
                {
                    MaxPool2x2.Backward(outputGradient.Data.AsSpan(p * planeOut, planeOut), places.AsSpan(p * planeOut, planeOut), h, w, dx.Data.AsSpan(p * planeIn, planeIn), SimdPath.Auto);
                }

                return;
            }

            dx.Data.AsSpan(p0 * planeIn, (p1 - p0) * planeIn).Clear();
            for (int p = p0; p < p1; p++)
            {
                for (int o = p * planeOut; o < (p + 1) * planeOut; o++)
                {
                    dx.Data[(p * planeIn) + arg[o]] += outputGradient.Data[o];
                }
            }
        });
        return dx;
    }
}
