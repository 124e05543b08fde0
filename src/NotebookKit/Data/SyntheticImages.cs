using NotebookKit.Tensors;

namespace NotebookKit.Data;

/// <summary>
/// Deterministic synthetic image datasets whose classes differ in colour, stripe angle and stripe frequency,
/// so a small model learns them in a few epochs. For tests and quick notebook runs without the real data.
/// </summary>
public static class SyntheticImages
{
    /// <summary>
    /// Creates <paramref name="perClass"/> images of every class, interleaved (image i has label <c>i % classes</c>),
    /// so <see cref="ImageDataset.Take"/> stays balanced.
    /// </summary>
    /// <remarks>
    /// Class c draws stripes at angle <c>pi * c / K</c> with <c>1.5 + c mod 3</c> cycles per image, tinted with hue
    /// <c>c / K</c> (colour images only); each image gets a random phase shift (within a quarter turn), contrast, brightness and pixel noise
    /// from <see cref="SeededRandom"/>(<paramref name="seed"/>), so the same seed gives the same bytes.
    /// </remarks>
    public static ImageDataset Create(
        string name,
        int perClass,
        int channels,
        int height,
        int width,
        IReadOnlyList<string> classNames,
        ulong seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(classNames), classNames.Count, "Synthetic images need 1 to 256 classes (labels are bytes).");
        }

        int classes = classNames.Count;
        long count = (long)perClass * classes;
        long imageSize = (long)channels * height * width;
        if (count * imageSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(perClass), perClass, "Too many synthetic images to hold in one array.");
        }

        var random = new SeededRandom(seed);
        byte[] pixels = new byte[count * imageSize];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % classes;
            labels[i] = (byte)label;
            double angle = Math.PI * label / classes;
            double cycles = 1.5 + (label % 3);
            double hue = (double)label / classes;
            // The phase jitters by at most a quarter turn, so each class keeps a recognisable stripe layout
            // (a fully random phase would average every class to the same flat mean image).
            double phase = (random.NextDouble() - 0.5) * 0.5 * Math.PI;
            double contrast = 0.3 + (0.15 * random.NextDouble());
            double brightness = (random.NextDouble() - 0.5) * 0.1;
            var image = pixels.AsSpan((int)(i * imageSize), (int)imageSize);
            for (int c = 0; c < channels; c++)
            {
                // A hue wheel: the three channels peak a third of a turn apart.
                double tint = channels == 1 ? 0.5 : 0.5 + (0.5 * Math.Cos(2 * Math.PI * (hue - ((double)c / channels))));
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        double along = ((x * Math.Cos(angle)) + (y * Math.Sin(angle))) / Math.Max(height, width);
                        double stripe = Math.Sin((2 * Math.PI * cycles * along) + phase);
                        double value = 0.2 + (0.6 * tint) + (contrast * 0.5 * stripe) + brightness + (0.05 * random.NextGaussian());
                        image[(((c * height) + y) * width) + x] = (byte)Math.Clamp(Math.Round(value * 255), 0, 255);
                    }
                }
            }
        }

        return new ImageDataset(name, pixels, labels, channels, height, width, classNames, $"synthetic (seed {seed})");
    }
}
