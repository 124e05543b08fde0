using NotebookKit.Tensors;

namespace NotebookKit.Nn.Layers;

/// <summary>
/// Per-sample, per-channel Σy and Σy² of a layer's output, computed by that layer while it wrote the output, for the
/// batch norm that reads the output next: its training statistics then need no pass over the tensor of their own.
/// </summary>
/// <remarks>
/// A model that fuses the two layers gives both the same instance. The writer sets <see cref="Output"/> to the tensor
/// the sums describe on every forward pass that computed them and clears it on every other one, so a reader that finds
/// its input there knows the sums are current.
/// </remarks>
internal sealed class ChannelSums
{
    private double[] values = [];

    /// <summary>The output the sums describe, or null when the writer's last forward pass did not compute them.</summary>
    public Tensor? Output { get; private set; }

    /// <summary>[samples, channels, 2]: Σy then Σy² of each plane (sample, channel).</summary>
    public double[] Values => values;

    /// <summary>Makes room for <paramref name="samples"/> × <paramref name="channels"/> pairs and clears <see cref="Output"/> until the writer is done.</summary>
    public double[] Begin(int samples, int channels)
    {
        Output = null;
        int length = 2 * samples * channels;
        if (values.Length != length)
        {
            values = new double[length];
        }

        return values;
    }

    /// <summary>Marks the sums as those of <paramref name="output"/>.</summary>
    public void Complete(Tensor output) => Output = output;

    /// <summary>Marks the sums as stale (the writer's forward pass did not compute them).</summary>
    public void Invalidate() => Output = null;

    /// <summary>Whether the sums describe <paramref name="input"/> (the same tensor) with <paramref name="channels"/> channels.</summary>
    public bool Describe(Tensor input, int channels) =>
        ReferenceEquals(Output, input) && values.Length == 2L * input.Shape[0] * channels;
}
