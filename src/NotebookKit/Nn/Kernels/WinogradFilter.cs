using NotebookKit.Simd;

namespace NotebookKit.Nn.Kernels;

/// <summary>A 3×3 convolution's weights in the Winograd domain: U = G g Gᵀ per (output, input) channel pair.</summary>
/// <remarks>
/// Kept twice: <see cref="Natural"/> [36][out][in] for the plain-loop twin, and <see cref="Packed"/> as the GEMM's A
/// operand for the path's microkernel ([36][out panels][in][mr], rows past <see cref="OutChannels"/> zero), so the
/// transformed-domain products read it without packing. Prepared once per step (the weights change every step).
/// </remarks>
internal sealed unsafe class WinogradFilter
{
    private const int Points = 36;

    // Input channels transformed together (one cache line of floats per transformed point).
    private const int GroupSize = 16;

    /// <summary>Output channels of the convolution this filter computes.</summary>
    public int OutChannels { get; private set; }

    /// <summary>Input channels of the convolution this filter computes.</summary>
    public int InChannels { get; private set; }

    /// <summary>The resolved instruction set <see cref="Packed"/> is laid out for.</summary>
    public SimdPath Path { get; private set; }

    /// <summary>Rows per packed panel (the microkernel's mr; 1 on the scalar path).</summary>
    public int PanelRows { get; private set; }

    /// <summary>Panels of <see cref="PanelRows"/> output channels.</summary>
    public int Panels => (OutChannels + PanelRows - 1) / PanelRows;

    // Whether Begin prepared the input-gradient convolution (W' = rot180(Wᵀ)).
    private bool flipped;

    /// <summary>U[ξ][out][in].</summary>
    public float[] Natural { get; private set; } = [];

    /// <summary>U[ξ][panel][in][row]: the A panels of the 36 transformed-domain products.</summary>
    public float[] Packed { get; private set; } = [];

    /// <summary>Transforms <paramref name="weight"/> [out, in, 3, 3] (PyTorch layout).</summary>
    /// <param name="weight">The convolution's weight.</param>
    /// <param name="outChannels">Its output channels.</param>
    /// <param name="inChannels">Its input channels.</param>
    /// <param name="flipTransposed">Prepare the input-gradient convolution instead: kernel W'[in][out] = W[out][in] rotated by 180°.</param>
    /// <param name="path">The instruction set to lay <see cref="Packed"/> out for.</param>
    public void Prepare(ReadOnlySpan<float> weight, int outChannels, int inChannels, bool flipTransposed, SimdPath path)
    {
        Begin(weight, outChannels, inChannels, flipTransposed, path);
        PreparePanels(weight, 0, Panels);
    }

    /// <summary>
    /// The first half of <see cref="Prepare"/>: sizes and buffers. <see cref="PreparePanels"/> then transforms and packs
    /// any split of the panels, each part independent of the others (threads may run them side by side).
    /// </summary>
    public void Begin(ReadOnlySpan<float> weight, int outChannels, int inChannels, bool flipTransposed, SimdPath path)
    {
        if (weight.Length != outChannels * inChannels * 9)
        {
            throw new ArgumentException($"Winograd filter: a [{outChannels}, {inChannels}, 3, 3] weight has {outChannels * inChannels * 9} values, got {weight.Length}.", nameof(weight));
        }

        path = SimdDispatch.Resolve(path);
        int outs = flipTransposed ? inChannels : outChannels, ins = flipTransposed ? outChannels : inChannels;
        (OutChannels, InChannels, Path, flipped) = (outs, ins, path, flipTransposed);
        PanelRows = path == SimdPath.Scalar ? 1 : Gemm.TileRows(path);
        long pairs = (long)outs * ins;
        if (Natural.Length != 36 * pairs)
        {
            Natural = new float[36 * pairs];
        }

        long packedLength = path == SimdPath.Scalar ? 0 : 36L * Panels * ins * PanelRows;
        if (path != SimdPath.Scalar && Packed.Length != packedLength)
        {
            Packed = new float[packedLength];
        }
    }

    /// <summary>
    /// Transforms the output channels of panels [<paramref name="panelStart"/>, <paramref name="panelEnd"/>) into
    /// <see cref="Natural"/> and packs those panels, for the weight given to <see cref="Begin"/>.
    /// </summary>
    public void PreparePanels(ReadOnlySpan<float> weight, int panelStart, int panelEnd)
    {
        int outs = OutChannels, ins = InChannels, mr = PanelRows;
        if (weight.Length != outs * ins * 9 || panelStart < 0 || panelEnd > Panels || panelStart > panelEnd)
        {
            throw new ArgumentException($"Winograd filter: panels [{panelStart}, {panelEnd}) of {Panels} with a weight of {weight.Length} values do not match the prepared [{outs}, {ins}] filter.");
        }

        bool flipTransposed = flipped;
        int step = flipTransposed ? -1 : 1;
        int weightIns = flipTransposed ? outs : ins;
        long pairs = (long)outs * ins;
        int oStart = panelStart * mr, oEnd = Math.Min(panelEnd * mr, outs);

        // Up to 16 consecutive input channels are transformed into a small buffer first, then copied out as 36 rows of
        // consecutive floats: written one value at a time, the 36 values of a pair lie `pairs` floats apart (a power of
        // two), all in one L1 set.
        float* group = stackalloc float[Points * GroupSize];
        float** kernels = stackalloc float*[WinogradFilterTransform512.Lanes];
        fixed (float* w = weight, u = Natural)
        {
            for (int o = oStart; o < oEnd; o++)
            {
                for (int i0 = 0; i0 < ins; i0 += GroupSize)
                {
                    int count = Math.Min(GroupSize, ins - i0), i = i0;
                    if (Path == SimdPath.Vector512)
                    {
                        // Eight kernels per vector of doubles, the same bits (WinogradFilterTransform512).
                        for (; i + WinogradFilterTransform512.Lanes <= i0 + count; i += WinogradFilterTransform512.Lanes)
                        {
                            for (int l = 0; l < WinogradFilterTransform512.Lanes; l++)
                            {
                                kernels[l] = Kernel(w, i + l, o, weightIns, flipTransposed);
                            }

                            WinogradFilterTransform512.Filter(kernels, 3 * step, step, group + (i - i0), GroupSize);
                        }
                    }

                    for (; i < i0 + count; i++)
                    {
                        WinogradTransforms.Filter(Kernel(w, i, o, weightIns, flipTransposed), 3 * step, step, group + (i - i0), GroupSize);
                    }

                    for (int xi = 0; xi < Points; xi++)
                    {
                        new ReadOnlySpan<float>(group + (xi * GroupSize), count).CopyTo(new Span<float>(u + (xi * pairs) + ((long)o * ins) + i0, count));
                    }
                }
            }
        }

        if (Path == SimdPath.Scalar)
        {
            return;
        }

        int panels = Panels;
        fixed (float* u = Natural, p = Packed)
        {
            for (int xi = 0; xi < 36; xi++)
            {
                for (int panel = panelStart; panel < panelEnd; panel++)
                {
                    float* dst = p + (((long)(xi * panels) + panel) * ins * mr);
                    if (mr == 8 && (panel * mr) + mr <= outs)
                    {
                        // A full 8-row panel is the transpose of eight rows of Natural: 8×8 blocks through registers.
                        float* rows = u + (xi * pairs) + ((long)panel * mr * ins);
                        int i8 = ins & ~7;
                        for (int i = 0; i < i8; i += 8)
                        {
                            Gemm.Transpose8x8(rows + i, ins, dst + (i * mr), mr);
                        }

                        for (int i = i8; i < ins; i++)
                        {
                            for (int r = 0; r < mr; r++)
                            {
                                dst[(i * mr) + r] = rows[((long)r * ins) + i];
                            }
                        }

                        continue;
                    }

                    // Row by row: each output channel's inputs are consecutive in Natural.
                    for (int r = 0; r < mr; r++)
                    {
                        int o = (panel * mr) + r;
                        float* source = u + (xi * pairs) + ((long)o * ins);
                        for (int i = 0; i < ins; i++)
                        {
                            dst[(i * mr) + r] = o < outs ? source[i] : 0f;
                        }
                    }
                }
            }
        }
    }

    // Kernel (o, i) of the convolution prepared: W[o][i], or for the input gradient W'[o][i] = rot180(W[i][o]), read
    // from its last element backwards.
    private static float* Kernel(float* w, int i, int o, int inChannels, bool flipTransposed) =>
        flipTransposed ? w + (((long)((i * inChannels) + o) * 9) + 8) : w + ((long)((o * inChannels) + i) * 9);
}
