using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>The plain-loop twin of <see cref="Winograd"/>: one 6×6 tile at a time, matrices applied as written.</summary>
/// <remarks>What the vectorised kernels are tested against (float32 tolerance: they fuse multiply-adds and sum in
/// another order), and what <see cref="SimdPath.Scalar"/> runs.</remarks>
internal static class WinogradReference
{
    private static readonly float[,] BT =
    {
        { 4, 0, -5, 0, 1, 0 },
        { 0, -4, -4, 1, 1, 0 },
        { 0, 4, -4, -1, 1, 0 },
        { 0, -2, -1, 2, 1, 0 },
        { 0, 2, -1, -2, 1, 0 },
        { 0, 4, 0, -5, 0, 1 },
    };

    private static readonly float[,] AT =
    {
        { 1, 1, 1, 1, 1, 0 },
        { 0, 1, -1, 2, -2, 0 },
        { 0, 1, 1, 4, 4, 0 },
        { 0, 1, -1, 8, -8, 1 },
    };

    /// <summary>One image: y = conv(x, W) + bias (then ReLU), W as transformed in <paramref name="filter"/>.<see cref="WinogradFilter.Natural"/>.</summary>
    public static void Forward(WinogradFilter filter, ReadOnlySpan<float> x, in ConvGeometry g, Span<float> y, ReadOnlySpan<float> bias, bool relu)
    {
        int c = filter.InChannels, k = filter.OutChannels, oh = g.OutputHeight, ow = g.OutputWidth;
        float[] u = filter.Natural;
        float[] v = new float[c * 36], m = new float[36], yt = new float[16];
        for (int ty = 0; ty < (oh + 3) / 4; ty++)
        {
            for (int tx = 0; tx < (ow + 3) / 4; tx++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    InputTile(x.Slice(ch * g.Height * g.Width, g.Height * g.Width), g, ty, tx, v.AsSpan(ch * 36, 36));
                }

                for (int o = 0; o < k; o++)
                {
                    for (int xi = 0; xi < 36; xi++)
                    {
                        float sum = 0f;
                        for (int ch = 0; ch < c; ch++)
                        {
                            sum += u[(((xi * k) + o) * c) + ch] * v[(ch * 36) + xi];
                        }

                        m[xi] = sum;
                    }

                    OutputTile(m, yt);
                    float add = bias.IsEmpty ? 0f : bias[o];
                    for (int i = 0; i < 4 && (4 * ty) + i < oh; i++)
                    {
                        for (int j = 0; j < 4 && (4 * tx) + j < ow; j++)
                        {
                            float value = yt[(4 * i) + j] + add;
                            y[(o * oh * ow) + (((4 * ty) + i) * ow) + (4 * tx) + j] = relu && !(value > 0f) ? 0f : value;
                        }
                    }
                }
            }
        }
    }

    /// <summary>One image: adds Σ_tiles (A dY Aᵀ)_ξ·(Bᵀ x B)_ξ to <paramref name="transformed"/> [36][out][in].</summary>
    public static void AccumulateWeightGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, in ConvGeometry g, int outChannels, Span<float> transformed)
    {
        int c = g.Channels, k = outChannels, oh = g.OutputHeight, ow = g.OutputWidth;
        float[] v = new float[c * 36], z = new float[k * 36], tile = new float[16], half = new float[24];
        for (int ty = 0; ty < (oh + 3) / 4; ty++)
        {
            for (int tx = 0; tx < (ow + 3) / 4; tx++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    InputTile(x.Slice(ch * g.Height * g.Width, g.Height * g.Width), g, ty, tx, v.AsSpan(ch * 36, 36));
                }

                for (int o = 0; o < k; o++)
                {
                    for (int i = 0; i < 4; i++)
                    {
                        for (int j = 0; j < 4; j++)
                        {
                            int row = (4 * ty) + i, col = (4 * tx) + j;
                            tile[(4 * i) + j] = row < oh && col < ow ? dy[(o * oh * ow) + (row * ow) + col] : 0f;
                        }
                    }

                    // A dY Aᵀ, with A = (Aᵀ)ᵀ.
                    for (int a = 0; a < 6; a++)
                    {
                        for (int j = 0; j < 4; j++)
                        {
                            float s = 0f;
                            for (int i = 0; i < 4; i++)
                            {
                                s += AT[i, a] * tile[(4 * i) + j];
                            }

                            half[(4 * a) + j] = s;
                        }
                    }

                    for (int a = 0; a < 6; a++)
                    {
                        for (int b = 0; b < 6; b++)
                        {
                            float s = 0f;
                            for (int j = 0; j < 4; j++)
                            {
                                s += half[(4 * a) + j] * AT[j, b];
                            }

                            z[(o * 36) + (6 * a) + b] = s;
                        }
                    }
                }

                for (int xi = 0; xi < 36; xi++)
                {
                    for (int o = 0; o < k; o++)
                    {
                        for (int ch = 0; ch < c; ch++)
                        {
                            transformed[(((xi * k) + o) * c) + ch] += z[(o * 36) + xi] * v[(ch * 36) + xi];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The bias gradient as written: db[o] += Σ over images and positions of dy[n][o], summed in order.</summary>
    public static void AddBiasGradient(ReadOnlySpan<float> dy, int images, int outChannels, int outPlane, Span<float> biasGradient)
    {
        for (int n = 0; n < images; n++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                ReadOnlySpan<float> plane = dy.Slice(((n * outChannels) + o) * outPlane, outPlane);
                float sum = 0f;
                foreach (float value in plane)
                {
                    sum += value;
                }

                biasGradient[o] += sum;
            }
        }
    }

    // Bᵀ d B of input tile (ty, tx) of one channel, zero outside the image.
    private static void InputTile(ReadOnlySpan<float> plane, in ConvGeometry g, int ty, int tx, Span<float> v)
    {
        Span<float> d = stackalloc float[36];
        Span<float> t = stackalloc float[36];
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                int row = (4 * ty) + i - g.Padding, col = (4 * tx) + j - g.Padding;
                d[(6 * i) + j] = row >= 0 && row < g.Height && col >= 0 && col < g.Width ? plane[(row * g.Width) + col] : 0f;
            }
        }

        for (int a = 0; a < 6; a++)
        {
            for (int j = 0; j < 6; j++)
            {
                float s = 0f;
                for (int i = 0; i < 6; i++)
                {
                    s += BT[a, i] * d[(6 * i) + j];
                }

                t[(6 * a) + j] = s;
            }
        }

        for (int a = 0; a < 6; a++)
        {
            for (int b = 0; b < 6; b++)
            {
                float s = 0f;
                for (int j = 0; j < 6; j++)
                {
                    s += t[(6 * a) + j] * BT[b, j];
                }

                v[(6 * a) + b] = s;
            }
        }
    }

    // Aᵀ M A of one transformed tile.
    private static void OutputTile(ReadOnlySpan<float> m, Span<float> y)
    {
        Span<float> t = stackalloc float[24];
        for (int i = 0; i < 4; i++)
        {
            for (int b = 0; b < 6; b++)
            {
                float s = 0f;
                for (int a = 0; a < 6; a++)
                {
                    s += AT[i, a] * m[(6 * a) + b];
                }

                t[(6 * i) + b] = s;
            }
        }

        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                float s = 0f;
                for (int b = 0; b < 6; b++)
                {
                    s += t[(6 * i) + b] * AT[j, b];
                }

                y[(4 * i) + j] = s;
            }
        }
    }
}
