using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;
using NotebookKit.Tensors;
namespace NotebookKit.Nn.Layers;

/// <summary>2-D max pooling over NCHW images (PyTorch <c>nn.MaxPool2d</c>, no padding, floor mode).</summary>
/// <remarks>
/// reference: https://pytorch.org/docs/1.13/generated/torch.nn.MaxPool2d.html. Output size ⌊(H − k)/stride⌋ + 1.
/// Ties go to the first maximum in row-major window order, as PyTorch's CPU kernel does; backward routes each
/// output gradient to that position. Threads split the N·C planes (each output written by one thread).
/// </remarks>
public sealed class MaxPool2d : LayerBase
{
    private Tensor? output, inputGradient;
    private int[] argmax = [];

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
        if (argmax.Length != y.Length)
        {
            argmax = new int[y.Length];
        }

        int[] arg = argmax;
        int chunks = NnThreads.ChunksFor(planes, 16);
        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (p0, p1) = NnThreads.Range(planes, chunks, t);
            for (int p = p0; p < p1; p++)
            {
                if (KernelSize == 2 && Stride == 2)
                {
                    Pool2x2(input.Data.AsSpan(p * h * w, h * w), w, oh, ow, y.Data.AsSpan(p * oh * ow, oh * ow), arg.AsSpan(p * oh * ow, oh * ow));
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

    // The common 2×2, stride-2 window, unrolled: the four candidates in row-major order, first maximum wins.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pool2x2(ReadOnlySpan<float> plane, int w, int oh, int ow, Span<float> y, Span<int> arg)
    {
        for (int oy = 0; oy < oh; oy++)
        {
            int top = 2 * oy * w;
            ReadOnlySpan<float> r0 = plane.Slice(top, 2 * ow), r1 = plane.Slice(top + w, 2 * ow);
            Span<float> yRow = y.Slice(oy * ow, ow);
            Span<int> aRow = arg.Slice(oy * ow, ow);
            int ox = SimdDispatch.HasVector256 ? Pool2x2Row8(r0, r1, top, w, ow, yRow, aRow) : 0;
            for (; ox < ow; ox++)
            {
                // Branch-free selects: pooling inputs are data-dependent coin flips for a branch predictor.
                int x = 2 * ox, best = top + x;
                float max = r0[x], v = r0[x + 1];
                bool take = (v > max) | float.IsNaN(v);
                max = take ? v : max;
                best = take ? top + x + 1 : best;
                v = r1[x];
                take = (v > max) | float.IsNaN(v);
                max = take ? v : max;
                best = take ? top + w + x : best;
                v = r1[x + 1];
                take = (v > max) | float.IsNaN(v);
                max = take ? v : max;
                best = take ? top + w + x + 1 : best;
                yRow[ox] = max;
                aRow[ox] = best;
            }
        }
    }

    // Eight outputs at a time: split each input row into even and odd columns, then keep the first maximum of the
    // four candidates in row-major order, with the scalar rule (v > max or v is NaN) as lane masks. Returns the
    // number of outputs done.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Pool2x2Row8(ReadOnlySpan<float> r0, ReadOnlySpan<float> r1, int top, int w, int ow, Span<float> y, Span<int> arg)
    {
        int done = ow & ~7;
        fixed (float* p0 = r0, p1 = r1, py = y)
        fixed (int* pa = arg)
        {
            Vector256<int> lane2 = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
            for (int ox = 0; ox < done; ox += 8)
            {
                int x = 2 * ox;
                var (a, b) = EvenOdd(Avx.LoadVector256(p0 + x), Avx.LoadVector256(p0 + x + 8));
                var (c, d) = EvenOdd(Avx.LoadVector256(p1 + x), Avx.LoadVector256(p1 + x + 8));
                Vector256<int> ia = Avx2.Add(Vector256.Create(top + x), lane2);
                Vector256<float> max = a;
                Vector256<int> best = ia;
                Take(ref max, ref best, b, Avx2.Add(ia, Vector256.Create(1)));
                Take(ref max, ref best, c, Avx2.Add(ia, Vector256.Create(w)));
                Take(ref max, ref best, d, Avx2.Add(ia, Vector256.Create(w + 1)));
                Avx.Store(py + ox, max);
                Avx.Store(pa + ox, best);
            }
        }

        return done;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) EvenOdd(Vector256<float> lo, Vector256<float> hi)
    {
        // Shuffle interleaves 128-bit lanes ([lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6]); the 64-bit permute restores order.
        Vector256<float> even = Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0x88).AsDouble(), 0xD8).AsSingle();
        Vector256<float> odd = Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0xDD).AsDouble(), 0xD8).AsSingle();
        return (even, odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref Vector256<float> max, ref Vector256<int> best, Vector256<float> v, Vector256<int> index)
    {
        Vector256<float> take = Avx.Or(Avx.CompareGreaterThan(v, max), Avx.CompareUnordered(v, v));
        max = Avx.BlendVariable(max, v, take);
        best = Avx.BlendVariable(best.AsSingle(), index.AsSingle(), take).AsInt32();
    }

    /// <inheritdoc/>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor x = RequireForward(outputGradient, "MaxPool2d");
        if (!ComputeInputGradient)
        {
            return NoGradient;
        }

        Tensor dx = Reuse(ref inputGradient, x.Shape);
        int planes = x.Shape[0] * x.Shape[1], planeIn = x.Shape[2] * x.Shape[3], planeOut = outputGradient.Length / planes;
        int[] arg = argmax;
        int chunks = NnThreads.ChunksFor(planes, 16);
        NnThreads.For(chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (t) =>
        {
            var (p0, p1) = NnThreads.Range(planes, chunks, t);
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
