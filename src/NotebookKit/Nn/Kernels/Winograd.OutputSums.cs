using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

// The forward pass's output sums: Σy and Σy² per image and channel, taken in the output transform (OutputGroup512) for
// the batch norm that follows the convolution.
internal static unsafe partial class Winograd
{
    /// <summary>
    /// Whether <see cref="ForwardAndSum"/> can sum the output of a convolution of this geometry on this path: AVX-512, with
    /// 4×4 tiles filling whole output rows (width a multiple of 16, height of 4), where the output transform holds 16
    /// tiles' outputs in registers.
    /// </summary>
    public static bool CanSumOutput(SimdPath path, in ConvGeometry geometry) =>
        path == SimdPath.Vector512 && Supports(geometry) && geometry.OutputWidth % 16 == 0 && geometry.OutputHeight % 4 == 0;

    /// <summary>
    /// <see cref="Forward"/>, and per image and output channel Σy and Σy² of the output as written (after the bias and the
    /// ReLU), summed while the output transform holds it in registers: the statistics a following batch norm needs,
    /// without reading the output again.
    /// </summary>
    /// <remarks>
    /// Each tile's 16 outputs are summed in float in a fixed order, tiles in row order into 16 lane sums per (image,
    /// channel), and the lanes are added in double: the sums of an image do not depend on the other images of the call,
    /// so splitting a batch between threads does not change them. They differ from sums over the output in another order
    /// by float32 rounding.
    /// </remarks>
    /// <param name="filter">The transformed weights, prepared for <see cref="SimdPath.Vector512"/>.</param>
    /// <param name="input">[images, C, H, W].</param>
    /// <param name="images">Images to convolve.</param>
    /// <param name="geometry">A geometry <see cref="CanSumOutput"/> accepts.</param>
    /// <param name="output">[images, out, OH, OW], overwritten.</param>
    /// <param name="bias">[out], or empty for none.</param>
    /// <param name="relu">Apply max(·, 0) to the result.</param>
    /// <param name="inputMap">A deferred batch norm's map of the input (identity: none).</param>
    /// <param name="outputSums">[images, out, 2]: Σy then Σy² of each output plane, overwritten.</param>
    public static void ForwardAndSum(
        WinogradFilter filter, ReadOnlySpan<float> input, int images, in ConvGeometry geometry, Span<float> output, ReadOnlySpan<float> bias, bool relu,
        ChannelAffine inputMap, Span<double> outputSums)
    {
        Check(geometry, filter.InChannels, input.Length, images);
        int k = filter.OutChannels;
        long outPlane = (long)geometry.OutputHeight * geometry.OutputWidth;
        if (!CanSumOutput(filter.Path, geometry))
        {
            throw new ArgumentException($"Winograd: the output of {geometry} on {filter.Path} cannot be summed as it is written (AVX-512 and whole rows of 4x4 tiles only).");
        }

        if (output.Length < images * k * outPlane || (!bias.IsEmpty && bias.Length != k) || outputSums.Length < 2L * images * k)
        {
            throw new ArgumentException($"Winograd: the output needs {images * k * outPlane} values (got {output.Length}), the bias {k} or none (got {bias.Length}) and the sums {2L * images * k} (got {outputSums.Length}).");
        }

        if (images == 0)
        {
            return;
        }

        fixed (float* x = input, y = output, b = bias)
        fixed (double* sums = outputSums)
        {
            ForwardCore<Lanes512, Vector512<float>>(filter, x, images, geometry, y, bias.IsEmpty ? null : b, relu, inputMap, sums);
        }
    }

    // Each (image, channel)'s two vectors of lane sums, widened to double and added: Σy and Σy² in that order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FinishSums(float* sums, int pairs, double* target)
    {
        for (int p = 0; p < pairs; p++)
        {
            target[2 * p] = Widen(sums + (32 * p));
            target[(2 * p) + 1] = Widen(sums + (32 * p) + 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Widen(float* lanes)
    {
        Vector512<float> v = Avx512F.LoadVector512(lanes);
        return Vector512.Sum(Avx512F.Add(Avx512F.ConvertToVector512Double(v.GetLower()), Avx512F.ConvertToVector512Double(v.GetUpper())));
    }

    /// <summary>
    /// Adds the 16 tiles' Σy (over each tile's 16 outputs) to sums[0..15] and Σy² to sums[16..31], lane l for tile l;
    /// lanes past the last tile (fewer than four groups of four) add nothing. A fixed order of float additions, the same
    /// for a tile wherever its image lies in a block, so the sums do not depend on how the batch is split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputSums512(
        Vector512<float> o00, Vector512<float> o01, Vector512<float> o02, Vector512<float> o03,
        Vector512<float> o10, Vector512<float> o11, Vector512<float> o12, Vector512<float> o13,
        Vector512<float> o20, Vector512<float> o21, Vector512<float> o22, Vector512<float> o23,
        Vector512<float> o30, Vector512<float> o31, Vector512<float> o32, Vector512<float> o33, int groups, float* sums)
    {
        Vector512<float> sum = Avx512F.Add(
            Avx512F.Add(Avx512F.Add(Avx512F.Add(o00, o01), Avx512F.Add(o02, o03)), Avx512F.Add(Avx512F.Add(o10, o11), Avx512F.Add(o12, o13))),
            Avx512F.Add(Avx512F.Add(Avx512F.Add(o20, o21), Avx512F.Add(o22, o23)), Avx512F.Add(Avx512F.Add(o30, o31), Avx512F.Add(o32, o33))));
        Vector512<float> q0 = SquareSum(o00, o01, o02, o03), q1 = SquareSum(o10, o11, o12, o13);
        Vector512<float> q2 = SquareSum(o20, o21, o22, o23), q3 = SquareSum(o30, o31, o32, o33);
        Vector512<float> squares = Avx512F.Add(Avx512F.Add(q0, q1), Avx512F.Add(q2, q3));
        if (groups < 4)
        {
            Vector512<float> valid = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(4 * groups)).AsSingle();
            sum = Vector512.BitwiseAnd(sum, valid);
            squares = Vector512.BitwiseAnd(squares, valid);
        }

        Avx512F.Store(sums, Avx512F.Add(Avx512F.LoadVector512(sums), sum));
        Avx512F.Store(sums + 16, Avx512F.Add(Avx512F.LoadVector512(sums + 16), squares));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SquareSum(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        Avx512F.FusedMultiplyAdd(d, d, Avx512F.FusedMultiplyAdd(c, c, Avx512F.FusedMultiplyAdd(b, b, Avx512F.Multiply(a, a))));
}
