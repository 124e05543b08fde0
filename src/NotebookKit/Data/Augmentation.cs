using NotebookKit.Tensors;

namespace NotebookKit.Data;

/// <summary>
/// CIFAR-style training augmentation: a random crop after zero padding, then a random horizontal flip
/// (torchvision <c>RandomCrop(size, padding=4)</c> then <c>RandomHorizontalFlip(p=0.5)</c>).
/// </summary>
/// <remarks>
/// Applied to raw bytes before normalisation, as torchvision applies it to the PIL image before
/// <c>ToTensor()</c>/<c>Normalize</c>: padded pixels are byte 0. For each image the generator draws, in
/// order, the crop's top offset, its left offset (each uniform in <c>[0, 2·padding]</c>) and then a
/// uniform number compared with <see cref="FlipProbability"/>, so a seed fixes every image's transform.
/// </remarks>
/// <param name="Padding">Zero padding on every side before cropping back to the original size (torchvision <c>padding</c>); 0 disables the crop.</param>
/// <param name="FlipProbability">Probability of a horizontal flip (torchvision <c>p</c>); 0 disables flips.</param>
public sealed record Augmentation(int Padding = 4, double FlipProbability = 0.5)
{
    /// <summary>The standard CIFAR-10 augmentation: padding 4, flip probability 0.5.</summary>
    public static Augmentation Cifar { get; } = new();

    /// <summary>Zero padding on every side (torchvision <c>padding</c>).</summary>
    public int Padding { get; } = Padding >= 0
        ? Padding
        : throw new ArgumentOutOfRangeException(nameof(Padding), $"RandomCrop padding must be non-negative, got {Padding}.");

    /// <summary>Probability of a horizontal flip (torchvision <c>p</c>).</summary>
    public double FlipProbability { get; } = FlipProbability is >= 0 and <= 1
        ? FlipProbability
        : throw new ArgumentOutOfRangeException(nameof(FlipProbability), $"RandomHorizontalFlip p must be in [0, 1], got {FlipProbability}.");

    /// <summary>Writes a randomly cropped and possibly flipped copy of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">One channel-planar image, <c>channels * height * width</c> bytes.</param>
    /// <param name="destination">Receives the augmented image (same size; must not overlap the source).</param>
    /// <param name="channels">Colour channels.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="random">The augmentation generator.</param>
    public void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        CheckImage(source.Length, destination.Length, channels, height, width);
        int top = Padding, left = Padding;
        if (Padding > 0)
        {
            top = random.NextInt((2 * Padding) + 1);
            left = random.NextInt((2 * Padding) + 1);
        }

        Crop(source, destination, channels, height, width, Padding, top, left);
        if (FlipProbability > 0 && random.NextDouble() < FlipProbability)
        {
            FlipHorizontal(destination, channels, height, width);
        }
    }

    /// <summary>
    /// Pads <paramref name="source"/> with <paramref name="padding"/> zero pixels on every side and copies the
    /// <c>height x width</c> window at (<paramref name="top"/>, <paramref name="left"/>) of the padded image.
    /// </summary>
    /// <remarks><c>top = left = padding</c> gives the original image back.</remarks>
    public static void Crop(ReadOnlySpan<byte> source, Span<byte> destination, int channels, int height, int width, int padding, int top, int left)
    {
        CheckImage(source.Length, destination.Length, channels, height, width);
        if (padding < 0 || top < 0 || left < 0 || top > 2 * padding || left > 2 * padding)
        {
            throw new ArgumentOutOfRangeException(nameof(top), $"Crop offsets must lie in [0, 2*padding] = [0, {2 * padding}]; got top={top}, left={left}.");
        }

        int plane = height * width;
        for (int c = 0; c < channels; c++)
        {
            var src = source.Slice(c * plane, plane);
            var dst = destination.Slice(c * plane, plane);
            for (int y = 0; y < height; y++)
            {
                int sy = y + top - padding;
                var row = dst.Slice(y * width, width);
                if (sy < 0 || sy >= height)
                {
                    row.Clear();
                    continue;
                }

                // Columns [x0, x1) of the output come from the image; the rest is padding.
                int shift = left - padding;
                int x0 = Math.Max(0, -shift);
                int x1 = Math.Min(width, width - shift);
                row[..x0].Clear();
                row[x1..].Clear();
                src.Slice((sy * width) + x0 + shift, x1 - x0).CopyTo(row[x0..x1]);
            }
        }
    }

    /// <summary>Mirrors a channel-planar image left to right, in place.</summary>
    public static void FlipHorizontal(Span<byte> image, int channels, int height, int width)
    {
        CheckImage(image.Length, image.Length, channels, height, width);
        for (int row = 0; row < channels * height; row++)
        {
            image.Slice(row * width, width).Reverse();
        }
    }

    private static void CheckImage(int sourceLength, int destinationLength, int channels, int height, int width)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), $"Image dimensions must be positive, got {channels}x{height}x{width}.");
        }

        int size = channels * height * width;
        if (sourceLength != size || destinationLength != size)
        {
            throw new ArgumentException($"An image of {channels}x{height}x{width} needs {size} bytes; got source {sourceLength}, destination {destinationLength}.", nameof(sourceLength));
        }
    }
}
