namespace NotebookKit.Nn.Kernels;

/// <summary>
/// Batch norm's output as a per-channel map of its input, y = ((x − μ)·σ⁻¹)·γ + β, for the layer that reads it to apply
/// as it reads: the normalised tensor is then never written. The default value is the identity.
/// </summary>
/// <remarks>The arrays are the batch-norm layer's own (mean, σ⁻¹, γ, β of the last forward pass), read, never copied.</remarks>
internal readonly struct ChannelAffine(float[] mean, float[] inverseStd, float[] gamma, float[] beta)
{
    /// <summary>Whether this is the identity (no batch norm in front).</summary>
    public bool IsIdentity => mean is null;

    /// <summary>Channels covered.</summary>
    public int Channels => mean?.Length ?? 0;

    /// <summary>The map of one channel, with the same roundings as batch norm's own forward pass.</summary>
    public NormalizeOperator For(int channel) => new(-mean[channel], inverseStd[channel], gamma[channel], beta[channel]);

    /// <summary>Writes the mapped values of <paramref name="planes"/> planes of <paramref name="planeSize"/> values (channel = plane mod channels) to <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> source, int planes, int planeSize, Span<float> destination)
    {
        for (int p = 0; p < planes; p++)
        {
            ElementwiseEngine.Map(For(p % Channels), source.Slice(p * planeSize, planeSize), [], [], destination.Slice(p * planeSize, planeSize), NotebookKit.Simd.SimdPath.Auto);
        }
    }
}
