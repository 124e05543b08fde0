namespace NotebookKit.Data;

/// <summary>
/// Per-channel normalisation of [0, 1] pixels (torchvision <c>ToTensor()</c> then <c>Normalize(mean, std)</c>).
/// </summary>
/// <remarks>
/// <para>A byte <c>b</c> of channel <c>c</c> becomes <c>(b/255 - mean[c]) / std[c]</c>, computed in float32 with
/// float32 mean and std, exactly as torchvision does on a float tensor.</para>
/// <para>Because a channel has only 256 input values, the result is precomputed once per channel as a lookup table.</para>
/// </remarks>
public sealed record Normalization
{
    private readonly float[][] tables;

    /// <summary>Creates a normalisation from per-channel means and standard deviations of [0, 1] pixels.</summary>
    /// <param name="mean">Per-channel means (torchvision <c>mean</c>), each finite.</param>
    /// <param name="std">Per-channel standard deviations (torchvision <c>std</c>), each finite and positive.</param>
    public Normalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"Normalize needs one mean and one std per channel: got {mean.Count} mean and {std.Count} std values.", nameof(std));
        }

        tables = new float[mean.Count][];
        for (int c = 0; c < mean.Count; c++)
        {
            if (!double.IsFinite(mean[c]))
            {
                throw new ArgumentOutOfRangeException(nameof(mean), $"Normalize mean[{c}] must be finite, got {mean[c]}.");
            }

            if (!double.IsFinite(std[c]) || (float)std[c] <= 0f)
            {
                throw new ArgumentOutOfRangeException(nameof(std), $"Normalize std[{c}] must be finite and positive, got {std[c]}.");
            }

            float m = (float)mean[c];
            float s = (float)std[c];
            var table = new float[256];
            for (int b = 0; b < 256; b++)
            {
                table[b] = ((b / 255f) - m) / s;
            }

            tables[c] = table;
        }

        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>Per-channel means of [0, 1] pixels (torchvision <c>mean</c>).</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Per-channel standard deviations of [0, 1] pixels (torchvision <c>std</c>).</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>The number of channels.</summary>
    public int Channels => tables.Length;

    /// <summary>Identity scaling only: <c>b/255</c> (torchvision <c>ToTensor()</c> without <c>Normalize</c>).</summary>
    public static Normalization None(int channels) =>
        channels > 0
            ? new Normalization(Enumerable.Repeat(0.0, channels).ToArray(), Enumerable.Repeat(1.0, channels).ToArray())
            : throw new ArgumentOutOfRangeException(nameof(channels), $"channels must be positive, got {channels}.");

    /// <summary>Computes per-channel mean and (population) standard deviation of a dataset's [0, 1] pixels.</summary>
    /// <remarks>
    /// The standard deviation divides by N, as <c>numpy.std</c> does (the usual way CIFAR-10's
    /// <c>(0.4914, 0.4822, 0.4465)</c> / <c>(0.2470, 0.2435, 0.2616)</c> are obtained). Sums use exact byte
    /// histograms, so the result does not depend on summation order.
    /// </remarks>
    public static Normalization FromDataset(ImageDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Count == 0)
        {
            throw new ArgumentException($"Cannot compute normalisation statistics of '{dataset.Name}': it has no images.", nameof(dataset));
        }

        int channels = dataset.Channels;
        int plane = dataset.Height * dataset.Width;
        var histogram = new long[channels, 256];
        byte[] pixels = dataset.Pixels;
        for (int image = 0; image < dataset.Count; image++)
        {
            int offset = image * dataset.ImageSize;
            for (int c = 0; c < channels; c++)
            {
                foreach (byte b in pixels.AsSpan(offset + (c * plane), plane))
                {
                    histogram[c, b]++;
                }
            }
        }

        var mean = new double[channels];
        var std = new double[channels];
        double n = (double)dataset.Count * plane;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, sumSquares = 0;
            for (int b = 0; b < 256; b++)
            {
                double x = b / 255.0;
                sum += histogram[c, b] * x;
                sumSquares += histogram[c, b] * x * x;
            }

            mean[c] = sum / n;
            double variance = Math.Max(0, (sumSquares / n) - (mean[c] * mean[c]));
            // A constant channel has std 0; 1 keeps Normalize defined (it then only subtracts the mean).
            std[c] = variance > 0 ? Math.Sqrt(variance) : 1.0;
        }

        return new Normalization(mean, std);
    }

    /// <summary>Normalises one channel-planar image of bytes into <paramref name="destination"/>.</summary>
    /// <param name="pixels">Channels x height x width bytes.</param>
    /// <param name="destination">Receives the same number of floats.</param>
    public void Apply(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (pixels.Length % Channels != 0 || destination.Length < pixels.Length)
        {
            throw new ArgumentException($"Normalize: an image of {pixels.Length} bytes does not split into {Channels} channels or does not fit {destination.Length} floats.", nameof(pixels));
        }

        int plane = pixels.Length / Channels;
        for (int c = 0; c < Channels; c++)
        {
            float[] table = tables[c];
            var source = pixels.Slice(c * plane, plane);
            var target = destination.Slice(c * plane, plane);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = table[source[i]];
            }
        }
    }

    /// <summary>Normalises one byte of channel <paramref name="channel"/>.</summary>
    public float Apply(int channel, byte value) => tables[channel][value];

    /// <inheritdoc/>
    public bool Equals(Normalization? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Channels, Mean[0], Std[0]);

    /// <inheritdoc/>
    public override string ToString() =>
        $"Normalize(mean=[{string.Join(", ", Mean.Select(m => m.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}], std=[{string.Join(", ", Std.Select(s => s.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}])";
}
