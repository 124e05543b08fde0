using System.Runtime.CompilerServices;

namespace NotebookKit.Nn.Kernels;

/// <summary>The F(4×4, 3×3) transforms of Winograd's minimal filtering (Lavin &amp; Gray 2016, points 0, ±1, ±2, ∞).</summary>
/// <remarks>
/// <para>An output tile Y (4×4) of a 3×3 convolution is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, where d is the 6×6 input tile and
/// g the 3×3 kernel: 36 multiplies instead of 144. The weight gradient of the same bilinear form is
/// Gᵀ[Σ_tiles (A dY Aᵀ) ⊙ (Bᵀ d B)]G, with dY the 4×4 output-gradient tile.</para>
/// <para>Each transform is two passes of a one-dimensional combination (columns, then rows). The tile-group
/// transforms work on <c>TL.Count</c> tiles at once, one tile per lane, so no lane ever mixes tiles. The filter
/// transform and the weight gradient's inverse transform run once per step and are computed in double.</para>
/// <code>
///      [4  0 −5  0  1  0]        [1/4     0     0]        [1 1  1 1  1 0]
///      [0 −4 −4  1  1  0]        [−1/6 −1/6 −1/6]        [0 1 −1 2 −2 0]
/// Bᵀ = [0  4 −4 −1  1  0]    G = [−1/6  1/6 −1/6]   Aᵀ = [0 1  1 4  4 0]
///      [0 −2 −1  2  1  0]        [1/24 1/12  1/6]        [0 1 −1 8 −8 1]
///      [0  2 −1 −2  1  0]        [1/24 −1/12 1/6]
///      [0  4  0 −5  0  1]        [0     0     1]
/// </code>
/// </remarks>
internal static unsafe class WinogradTransforms
{
    /// <summary>Bᵀ applied to six values (a column or a row of an input tile).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputCombine<TL, TV>(TV d0, TV d1, TV d2, TV d3, TV d4, TV d5, TV* t, int stride)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV four = TL.Broadcast(4f), minusFour = TL.Broadcast(-4f), minusFive = TL.Broadcast(-5f);
        TV two = TL.Broadcast(2f), minusTwo = TL.Broadcast(-2f);
        t[0] = TL.MultiplyAdd(four, d0, TL.MultiplyAdd(minusFive, d2, d4));
        t[stride] = TL.MultiplyAdd(minusFour, TL.Add(d1, d2), TL.Add(d3, d4));
        t[2 * stride] = TL.MultiplyAdd(four, TL.Subtract(d1, d2), TL.Subtract(d4, d3));
        TV a = TL.Subtract(d4, d2), b = TL.Subtract(d3, d1);
        t[3 * stride] = TL.MultiplyAdd(two, b, a);
        t[4 * stride] = TL.MultiplyAdd(minusTwo, b, a);
        t[5 * stride] = TL.MultiplyAdd(four, d1, TL.MultiplyAdd(minusFive, d3, d5));
    }

    /// <summary>Aᵀ applied to six values: four outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputCombine<TL, TV>(TV m0, TV m1, TV m2, TV m3, TV m4, TV m5, TV* y, int stride)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV s12 = TL.Add(m1, m2), d12 = TL.Subtract(m1, m2), s34 = TL.Add(m3, m4), d34 = TL.Subtract(m3, m4);
        y[0] = TL.Add(TL.Add(m0, s12), s34);
        y[stride] = TL.MultiplyAdd(TL.Broadcast(2f), d34, d12);
        y[2 * stride] = TL.MultiplyAdd(TL.Broadcast(4f), s34, s12);
        y[3 * stride] = TL.Add(TL.MultiplyAdd(TL.Broadcast(8f), d34, d12), m5);
    }

    /// <summary>A applied to four values (a column or a row of an output-gradient tile): six outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GradientCombine<TL, TV>(TV y0, TV y1, TV y2, TV y3, TV* z, int stride)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        TV even = TL.Add(y0, y2), odd = TL.Add(y1, y3);
        TV even4 = TL.MultiplyAdd(TL.Broadcast(4f), y2, y0);
        TV odd4 = TL.Multiply(TL.Broadcast(2f), TL.MultiplyAdd(TL.Broadcast(4f), y3, y1));
        z[0] = y0;
        z[stride] = TL.Add(even, odd);
        z[2 * stride] = TL.Subtract(even, odd);
        z[3 * stride] = TL.Add(even4, odd4);
        z[4 * stride] = TL.Subtract(even4, odd4);
        z[5 * stride] = y3;
    }

    /// <summary>
    /// Bᵀ d B for <c>TL.Count</c> tiles. Input element (i, j) of the tiles is the vector at
    /// <c>phases + ((i mod 4)·6 + j)·planeStride + (i div 4)·tileColumns</c> (see <see cref="WinogradPhases"/>);
    /// transformed element ξ = 6·i + j goes to <c>destination + ξ·pointStride</c>.
    /// <paramref name="scratch"/> holds 42 registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InputTiles<TL, TV>(float* phases, long planeStride, int tileColumns, float* destination, long pointStride, TV* scratch)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        for (int j = 0; j < 6; j++)
        {
            float* column = phases + (j * planeStride);
            TV d0 = TL.Load(column), d1 = TL.Load(column + (6 * planeStride)), d2 = TL.Load(column + (12 * planeStride));
            TV d3 = TL.Load(column + (18 * planeStride)), d4 = TL.Load(column + tileColumns), d5 = TL.Load(column + (6 * planeStride) + tileColumns);
            InputCombine<TL, TV>(d0, d1, d2, d3, d4, d5, scratch + j, 6);
        }

        for (int i = 0; i < 6; i++)
        {
            TV* row = scratch + (6 * i);
            TV* result = scratch + 36;
            InputCombine<TL, TV>(row[0], row[1], row[2], row[3], row[4], row[5], result, 1);
            float* target = destination + (6 * i * pointStride);
            for (int j = 0; j < 6; j++)
            {
                TL.Store(target + (j * pointStride), result[j]);
            }
        }
    }

    /// <summary>
    /// Aᵀ M A for <c>TL.Count</c> tiles: element ξ of M is the vector at <c>source + ξ·pointStride</c>; the 16 outputs
    /// (row-major, 4×4) go to <paramref name="output"/>.
    /// <paramref name="scratch"/> holds 24 registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void OutputTiles<TL, TV>(float* source, long pointStride, TV* scratch, TV* output)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        for (int i = 0; i < 6; i++)
        {
            float* row = source + (6 * i * pointStride);
            OutputCombine<TL, TV>(
                TL.Load(row), TL.Load(row + pointStride), TL.Load(row + (2 * pointStride)),
                TL.Load(row + (3 * pointStride)), TL.Load(row + (4 * pointStride)), TL.Load(row + (5 * pointStride)),
                scratch + (4 * i), 1);
        }

        for (int j = 0; j < 4; j++)
        {
            OutputCombine<TL, TV>(scratch[j], scratch[4 + j], scratch[8 + j], scratch[12 + j], scratch[16 + j], scratch[20 + j], output + j, 4);
        }
    }

    /// <summary>
    /// A dY Aᵀ for <c>TL.Count</c> output-gradient tiles: element (i, j) of the tiles is the vector at
    /// <c>phases + planeOffsets[4·i + j]</c> (phase planes, see <see cref="WinogradPhases"/>); transformed element ξ
    /// goes to <c>destination + ξ·pointStride</c>. <paramref name="scratch"/> holds 30 registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GradientTiles<TL, TV>(float* phases, long* planeOffsets, float* destination, long pointStride, TV* scratch)
        where TL : struct, ILanes<TV>
        where TV : unmanaged
    {
        for (int j = 0; j < 4; j++)
        {
            GradientCombine<TL, TV>(
                TL.Load(phases + planeOffsets[j]), TL.Load(phases + planeOffsets[4 + j]), TL.Load(phases + planeOffsets[8 + j]), TL.Load(phases + planeOffsets[12 + j]),
                scratch + j, 4);
        }

        for (int i = 0; i < 6; i++)
        {
            TV* row = scratch + (4 * i);
            TV* result = scratch + 24;
            GradientCombine<TL, TV>(row[0], row[1], row[2], row[3], result, 1);
            float* target = destination + (6 * i * pointStride);
            for (int j = 0; j < 6; j++)
            {
                TL.Store(target + (j * pointStride), result[j]);
            }
        }
    }

    /// <summary>G g Gᵀ of one 3×3 kernel, in double, rounded once to float: 36 values, ξ = 6·i + j.</summary>
    /// <param name="kernel">The 3×3 kernel, element (a, b) at <c>kernel[a·rowStride + b·columnStride]</c>.</param>
    /// <param name="rowStride">Stride between the kernel's rows.</param>
    /// <param name="columnStride">Stride between the kernel's columns (−1 with the last column first flips it).</param>
    /// <param name="transformed">Where element ξ goes: <c>transformed[ξ·pointStride]</c>.</param>
    /// <param name="pointStride">Stride between transformed elements.</param>
    public static void Filter(float* kernel, int rowStride, int columnStride, float* transformed, long pointStride)
    {
        // P = G g (6×3), column by column; then U = P Gᵀ, row by row.
        double* p = stackalloc double[18];
        double* u = stackalloc double[6];
        for (int b = 0; b < 3; b++)
        {
            float* column = kernel + (b * columnStride);
            FilterCombine(column[0], column[rowStride], column[2 * rowStride], p + b, 3);
        }

        for (int i = 0; i < 6; i++)
        {
            FilterCombine(p[3 * i], p[(3 * i) + 1], p[(3 * i) + 2], u, 1);
            for (int j = 0; j < 6; j++)
            {
                transformed[((6 * i) + j) * pointStride] = (float)u[j];
            }
        }
    }

    /// <summary>Gᵀ M G of one transformed gradient (element ξ = 6·i + j at <c>transformed[ξ·pointStride]</c>), in double: the 3×3 kernel gradient, added to <paramref name="kernelGradient"/> (row-major).</summary>
    public static void FilterGradient(float* transformed, long pointStride, float* kernelGradient)
    {
        // H = M G (6×3), row by row; then Gᵀ H, column by column.
        double* h = stackalloc double[18];
        for (int i = 0; i < 6; i++)
        {
            float* row = transformed + (6 * i * pointStride);
            FilterGradientCombine(row[0], row[pointStride], row[2 * pointStride], row[3 * pointStride], row[4 * pointStride], row[5 * pointStride], h + (3 * i), 1);
        }

        double* r = stackalloc double[3];
        for (int b = 0; b < 3; b++)
        {
            FilterGradientCombine(h[b], h[3 + b], h[6 + b], h[9 + b], h[12 + b], h[15 + b], r, 1);
            for (int a = 0; a < 3; a++)
            {
                kernelGradient[(3 * a) + b] += (float)r[a];
            }
        }
    }

    // Multiplies by the doubles nearest 1/6, 1/12 and 1/24 instead of dividing (a division costs as much as a dozen
    // multiplies, and these ran 126 per pair): the results differ from the quotients in the last bit of a double at
    // most, far below the float they are rounded to.
    private const double Sixth = 1.0 / 6, Twelfth = 1.0 / 12, TwentyFourth = 1.0 / 24;

    // G applied to three values: six outputs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterCombine(double g0, double g1, double g2, double* u, int stride)
    {
        double outer = g0 + g2, fourths = (g0 * TwentyFourth) + (g2 * Sixth), middle = g1 * Twelfth;
        u[0] = g0 * 0.25;
        u[stride] = -(outer + g1) * Sixth;
        u[2 * stride] = -(outer - g1) * Sixth;
        u[3 * stride] = fourths + middle;
        u[4 * stride] = fourths - middle;
        u[5 * stride] = g2;
    }

    // Gᵀ applied to six values: three outputs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FilterGradientCombine(double m0, double m1, double m2, double m3, double m4, double m5, double* r, int stride)
    {
        double s12 = m1 + m2, s34 = m3 + m4;
        r[0] = (m0 * 0.25) - (s12 * Sixth) + (s34 * TwentyFourth);
        r[stride] = ((m2 - m1) * Sixth) + ((m3 - m4) * Twelfth);
        r[2 * stride] = ((s34 - s12) * Sixth) + m5;
    }
}
