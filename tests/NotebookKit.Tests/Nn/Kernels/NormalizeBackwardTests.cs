using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>Batch norm's backward row loops (<see cref="NormalizeBackward"/>) against the element-wise engine's loops they copy.</summary>
public sealed class NormalizeBackwardTests
{
    // Rows of zero, one, less than a vector, ragged and whole-vector lengths; 1-6 rows, strided like an NCHW channel.
    private static readonly int[] RowLengths = [0, 1, 5, 15, 16, 17, 31, 33, 64, 100, 256, 1023];

    public static IEnumerable<object[]> Paths() => GemmTests.FastPaths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Sums_are_the_same_bits_as_row_reductions_added_in_double(SimdPath path)
    {
        var random = new SeededRandom(5);
        foreach (int length in RowLengths)
        {
            foreach (int rows in new[] { 1, 2, 3, 6 })
            {
                const int channels = 3;
                float[] dy = Fill(random, rows * channels * length), x = Fill(random, rows * channels * length);
                for (int c = 0; c < channels; c++)
                {
                    var op = new NormalizeGradientSumsOperator(-0.25f, 1.75f);
                    double expectedDy = 0, expectedDyXhat = 0;
                    for (int n = 0; n < rows; n++)
                    {
                        int offset = ((n * channels) + c) * length;
                        var (s, d) = ElementwiseEngine.Reduce(op, dy.AsSpan(offset, length), x.AsSpan(offset, length), path);
                        expectedDy += s;
                        expectedDyXhat += d;
                    }

                    var (sumDy, sumDyXhat) = NormalizeBackward.Sums(-0.25f, 1.75f, dy, x, (long)c * length, (long)channels * length, rows, length, path);
                    Assert.Equal(expectedDy, sumDy);
                    Assert.Equal(expectedDyXhat, sumDyXhat);
                    var (rowDy, rowDyXhat) = NormalizeBackward.RowSums(op, dy.AsSpan(c * length, length), x.AsSpan(c * length, length), x.AsSpan((rows - 1) * channels * length, length), path);
                    Assert.Equal(ElementwiseEngine.Reduce(op, dy.AsSpan(c * length, length), x.AsSpan(c * length, length), path), (rowDy, rowDyXhat));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Apply_row_is_the_same_bits_as_the_engine_map(SimdPath path)
    {
        var random = new SeededRandom(6);
        foreach (int length in RowLengths)
        {
            float[] x = Fill(random, 2 * length), dy = Fill(random, 2 * length);
            foreach (bool mask in new[] { false, true })
            {
                var op = new NormalizeBackwardOperator(0.125f, 1.5f, 0.75f, -0.3f, 0.01f, mask);
                float[] expected = new float[length], actual = new float[2 * length];
                ElementwiseEngine.Map(op, x.AsSpan(0, length), dy.AsSpan(0, length), [], expected, path);
                NormalizeBackward.ApplyRow(op, x.AsSpan(0, length), dy.AsSpan(0, length), actual.AsSpan(0, length), actual.AsSpan(length), path);

                Assert.Equal(expected, actual.AsSpan(0, length).ToArray());
                Assert.All(actual.AsSpan(length).ToArray(), v => Assert.Equal(0f, v));
            }
        }
    }

    private static float[] Fill(SeededRandom random, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (2 * random.NextSingle()) - 1;
        }

        return x;
    }
}
