using NotebookKit.Nn.Kernels;
using NotebookKit.Simd;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Nn.Kernels;

/// <summary>
/// The staged phase split (<see cref="WinogradInputSplit512"/>, the AVX-512 forward pass's) writes the same 24 planes as
/// <see cref="WinogradPhases.SplitInput"/>, bit for bit, against both its plain loop and its per-row AVX-512 version.
/// </summary>
public sealed class WinogradInputSplit512Tests
{
    // Height, width, padding: single tiles, ragged last tile rows and columns, more than eight tile columns (two permute
    // chunks), widths below and past 16, every padding.
    private static readonly (int H, int W, int P)[] Shapes =
    [
        (3, 3, 0), (1, 1, 1), (5, 7, 1), (2, 9, 2), (16, 16, 1), (32, 32, 1), (18, 18, 0), (14, 30, 2), (11, 37, 1), (7, 70, 0), (20, 16, 1), (9, 35, 2),
    ];

    [Fact]
    public void Planes_are_those_of_the_per_row_split_bit_for_bit()
    {
        if (!SimdDispatch.IsSupported(SimdPath.Vector512))
        {
            return; // The staged split is the AVX-512 path's; elsewhere the per-row split runs.
        }

        var random = new SeededRandom(23);
        foreach (var (h, w, p) in Shapes)
        {
            int oh = h + (2 * p) - 2, ow = w + (2 * p) - 2;
            int tileRows = (oh + 3) / 4, tileColumns = (ow + 3) / 4, padded = ((tileRows * tileColumns) + 15) / 16 * 16;
            int used = padded + tileColumns, stride = ((used + 8 + 15) / 16 * 16) + 16;
            float[] x = new float[h * w];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)random.NextGaussian();
            }

            var map = new NormalizeOperator(-0.3f, 1.7f, 0.9f, -0.2f);
            foreach (bool mapped in new[] { false, true })
            {
                float[] plain = Split(x, h, w, p, tileRows, tileColumns, stride, used, mapped, map, rowBuffer: false, staged: false);
                float[] perRow = Split(x, h, w, p, tileRows, tileColumns, stride, used, mapped, map, rowBuffer: true, staged: false);
                float[] staged = Split(x, h, w, p, tileRows, tileColumns, stride, used, mapped, map, rowBuffer: false, staged: true);
                for (int plane = 0; plane < WinogradPhases.InputPlanes; plane++)
                {
                    // Only the first `used` floats of a plane are defined (the rest is room for 8-float writes).
                    var expected = plain.AsSpan(plane * stride, used);
                    Assert.True(expected.SequenceEqual(perRow.AsSpan(plane * stride, used)), $"{(h, w, p)} mapped={mapped} plane {plane}: per-row");
                    Assert.True(expected.SequenceEqual(staged.AsSpan(plane * stride, used)), $"{(h, w, p)} mapped={mapped} plane {plane}: staged");
                }
            }
        }
    }

    private static float[] Split(
        float[] x, int h, int w, int p, int tileRows, int tileColumns, int stride, int used, bool mapped, NormalizeOperator map, bool rowBuffer, bool staged)
    {
        // Stale values everywhere first: every defined float must be written, every zero the split relies on cleared.
        float[] planes = new float[WinogradPhases.InputPlanes * stride];
        Array.Fill(planes, float.NaN);
        float[] buffer = new float[Math.Max(WinogradPhases.RowBufferLength(tileColumns), WinogradInputSplit512.BufferLength(h, tileColumns))];
        Array.Fill(buffer, 7f);
        if (staged)
        {
            WinogradInputSplit512.Split(x, h, w, p, tileRows, tileColumns, planes, stride, used, buffer, mapped, map);
        }
        else
        {
            WinogradInputSplit512.SplitPerRow(x, h, w, p, tileRows, tileColumns, planes, stride, used, rowBuffer ? buffer : [], mapped, map);
        }

        return planes;
    }
}
