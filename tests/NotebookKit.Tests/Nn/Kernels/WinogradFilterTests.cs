using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>The filter transform, its packed panels and the weight gradient's finish: every path gives the scalar twin's bits.</summary>
public sealed class WinogradFilterTests
{
    // Output and input channels: whole 8-kernel vectors and panels; ragged input groups (not whole vectors of 8, nor
    // 8×8 transposes) and a partial last panel; a single channel pair; more than one 16-channel group.
    private static readonly (int Out, int In)[] Shapes = [(32, 32), (9, 13), (1, 1), (24, 40), (64, 17)];

    // The SIMD paths (the scalar path is the twin itself and packs no panels).
    public static IEnumerable<object[]> SimdPaths() => GemmTests.FastPaths().Where(p => (SimdPath)p[0] != SimdPath.Scalar);

    // Every path, the scalar one (no panels) included.
    public static IEnumerable<object[]> AllPaths() => GemmTests.FastPaths();

    [Theory]
    [MemberData(nameof(SimdPaths))]
    public void Transform_and_panels_equal_the_scalar_twin_bit_for_bit(SimdPath path)
    {
        var random = new SeededRandom(61);
        foreach (var (outs, ins) in Shapes)
        {
            float[] weight = new float[outs * ins * 9];
            for (int i = 0; i < weight.Length; i++)
            {
                weight[i] = (float)((2 * random.NextDouble()) - 1);
            }

            foreach (bool flip in new[] { false, true })
            {
                var twin = new WinogradFilter();
                twin.Prepare(weight, outs, ins, flip, SimdPath.Scalar);
                var filter = new WinogradFilter();
                filter.Prepare(weight, outs, ins, flip, path);
                string context = $"{path} {(outs, ins)} flipped={flip}";
                Assert.Equal(twin.Natural.Length, filter.Natural.Length);
                for (int e = 0; e < twin.Natural.Length; e++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(twin.Natural[e]) == BitConverter.SingleToInt32Bits(filter.Natural[e]), $"{context}: U element {e}");
                }

                // Packed[ξ][panel][i][row] = U[ξ][panel·mr + row][i], zero past the last output channel.
                int o = filter.OutChannels, c = filter.InChannels, mr = filter.PanelRows, panels = filter.Panels;
                for (int xi = 0; xi < 36; xi++)
                {
                    for (int panel = 0; panel < panels; panel++)
                    {
                        for (int i = 0; i < c; i++)
                        {
                            for (int r = 0; r < mr; r++)
                            {
                                int channel = (panel * mr) + r;
                                float expected = channel < o ? twin.Natural[(xi * o * c) + (channel * c) + i] : 0f;
                                float packed = filter.Packed[(((((xi * panels) + panel) * c) + i) * mr) + r];
                                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(packed), $"{context}: packed ξ={xi} panel {panel} input {i} row {r}");
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Weight_gradient_finish_on_the_best_path_equals_the_scalar_one_bit_for_bit()
    {
        // The best path (eight pairs per vector of doubles with AVX-512; other paths call the scalar finish itself).
        SimdPath path = SimdDispatch.Best;
        var random = new SeededRandom(67);
        // Pairs: whole 16-pair groups, a ragged last group with a whole vector of eight in it, fewer than eight pairs.
        foreach (var (outs, ins) in new[] { (32, 32), (5, 5), (3, 2), (64, 17) })
        {
            float[] transformed = new float[36 * outs * ins], start = new float[9 * outs * ins];
            for (int i = 0; i < transformed.Length; i++)
            {
                transformed[i] = (float)((2 * random.NextDouble()) - 1);
            }

            for (int i = 0; i < start.Length; i++)
            {
                start[i] = (float)((2 * random.NextDouble()) - 1);
            }

            float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
            Winograd.FinishWeightGradient(transformed, outs, ins, expected);
            Winograd.FinishWeightGradientOnPath(transformed, outs, ins, actual, path);
            for (int e = 0; e < expected.Length; e++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(expected[e]) == BitConverter.SingleToInt32Bits(actual[e]), $"{path} {(outs, ins)}: element {e}, {actual[e]} vs {expected[e]}");
            }
        }
    }
    [Theory]
    [MemberData(nameof(AllPaths))]
    public void Panels_prepared_in_parts_equal_one_prepare_bit_for_bit(SimdPath path)
    {
        var random = new SeededRandom(73);
        foreach (var (outs, ins) in Shapes)
        {
            float[] weight = new float[outs * ins * 9];
            for (int i = 0; i < weight.Length; i++)
            {
                weight[i] = (float)((2 * random.NextDouble()) - 1);
            }

            foreach (bool flip in new[] { false, true })
            {
                var whole = new WinogradFilter();
                whole.Prepare(weight, outs, ins, flip, path);

                // Parts in reverse order, as threads may finish them, after the filter was prepared for another shape.
                var parts = new WinogradFilter();
                parts.Prepare(new float[9], 1, 1, !flip, path);
                parts.Begin(weight, outs, ins, flip, path);
                int panels = parts.Panels, cut = panels / 3;
                parts.PreparePanels(weight, cut + 1 > panels ? panels : cut + 1, panels);
                parts.PreparePanels(weight, cut, cut + 1 > panels ? panels : cut + 1);
                parts.PreparePanels(weight, 0, cut);
                string context = $"{path} {(outs, ins)} flipped={flip}";
                Assert.Equal(whole.Panels, parts.Panels);
                Assert.Equal(whole.Natural.Length, parts.Natural.Length);
                Assert.Equal(whole.Packed.Length, parts.Packed.Length);
                for (int e = 0; e < whole.Natural.Length; e++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(whole.Natural[e]) == BitConverter.SingleToInt32Bits(parts.Natural[e]), $"{context}: U element {e}");
                }

                for (int e = 0; e < whole.Packed.Length; e++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(whole.Packed[e]) == BitConverter.SingleToInt32Bits(parts.Packed[e]), $"{context}: packed element {e}");
                }
            }
        }
    }

    [Fact]
    public void Weight_gradient_finish_over_pair_ranges_equals_one_finish_bit_for_bit()
    {
        SimdPath path = SimdDispatch.Best;
        var random = new SeededRandom(79);
        foreach (var (outs, ins) in new[] { (32, 32), (5, 5), (64, 17) })
        {
            int pairs = outs * ins;
            float[] transformed = new float[36 * pairs], start = new float[9 * pairs];
            for (int i = 0; i < transformed.Length; i++)
            {
                transformed[i] = (float)((2 * random.NextDouble()) - 1);
            }

            for (int i = 0; i < start.Length; i++)
            {
                start[i] = (float)((2 * random.NextDouble()) - 1);
            }

            float[] expected = (float[])start.Clone(), actual = (float[])start.Clone();
            Winograd.FinishWeightGradientOnPath(transformed, outs, ins, expected, path);

            // Cuts on and off the 16-pair groups; the ranges cover every pair once.
            int[] cuts = [0, Math.Min(16, pairs), Math.Min(21, pairs), pairs / 2, pairs];
            Array.Sort(cuts);
            for (int r = 0; r + 1 < cuts.Length; r++)
            {
                Winograd.FinishWeightGradientOnPath(transformed, outs, ins, actual, path, cuts[r], cuts[r + 1]);
            }

            for (int e = 0; e < expected.Length; e++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(expected[e]) == BitConverter.SingleToInt32Bits(actual[e]), $"{path} {(outs, ins)}: element {e}, {actual[e]} vs {expected[e]}");
            }
        }
    }
}
