using NotebookKit.Display;

namespace NotebookKit.Data;

/// <summary>One split of a labelled image dataset, held as raw bytes (N x C x H x W, channel-planar).</summary>
/// <param name="Name">The dataset and split, e.g. <c>cifar10/train</c>.</param>
/// <param name="Pixels">Pixel bytes, <c>Count * Channels * Height * Width</c> of them, image after image.</param>
/// <param name="Labels">One class index per image.</param>
/// <param name="Channels">Colour channels (1 for Fashion-MNIST, 3 for CIFAR-10).</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="ClassNames">Class names, indexed by label.</param>
/// <param name="Source">Where the data was read from (a file or folder path), shown to the user.</param>
/// <remarks>Displays in notebooks as its <see cref="Summarize">summary</see> (counts per class, shape, source).</remarks>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record ImageDataset(
    string Name,
    byte[] Pixels,
    byte[] Labels,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> ClassNames,
    string Source) : IHtmlDisplayable
{
    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Bytes per image: <c>Channels * Height * Width</c>.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The pixels of image <paramref name="index"/> (channel-planar, <see cref="ImageSize"/> bytes).</summary>
    public ReadOnlySpan<byte> ImageAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <summary>How many images each class has, indexed by label.</summary>
    /// <exception cref="InvalidOperationException">A label is not a valid index into <see cref="ClassNames"/>.</exception>
    public int[] ClassCounts()
    {
        int[] counts = new int[ClassNames.Count];
        for (int i = 0; i < Labels.Length; i++)
        {
            int label = Labels[i];
            if (label >= counts.Length)
            {
                throw new InvalidOperationException(
                    $"{Name}: image {i} has label {label}, but the dataset has only {counts.Length} classes.");
            }

            counts[label]++;
        }

        return counts;
    }

    /// <summary>The first <paramref name="count"/> images (all of them when there are fewer), in order.</summary>
    /// <remarks>Like LINQ's <c>Take</c> and the <c>train_limit</c>/<c>test_limit</c> of a training config.</remarks>
    public ImageDataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count >= Count)
        {
            return this;
        }

        return Subset(Enumerable.Range(0, count).ToArray(), $"{Name} (first {count})");
    }

    /// <summary>
    /// The first <paramref name="perClass"/> images of every class, keeping their order in the dataset
    /// (a class with fewer images contributes all it has). A balanced, reproducible subset for quick runs.
    /// </summary>
    public ImageDataset Stratified(int perClass)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        int[] taken = new int[ClassNames.Count];
        var indices = new List<int>(Math.Min(Count, perClass * Math.Max(1, ClassNames.Count)));
        for (int i = 0; i < Labels.Length; i++)
        {
            int label = Labels[i];
            if (label >= taken.Length)
            {
                throw new InvalidOperationException(
                    $"{Name}: image {i} has label {label}, but the dataset has only {taken.Length} classes.");
            }

            if (taken[label] < perClass)
            {
                taken[label]++;
                indices.Add(i);
            }
        }

        return Subset([.. indices], $"{Name} ({perClass} per class)");
    }

    /// <summary>
    /// Two disjoint, balanced subsets of this split: the first <paramref name="trainPerClass"/> images of every class
    /// (the same images as <see cref="Stratified"/>), and the next <paramref name="validationPerClass"/> of every class.
    /// </summary>
    /// <remarks>
    /// A validation set held out of the training images, so a lesson can tune on it and keep the test set for the final
    /// comparison. Both keep dataset order; a class with too few images fills its training share first.
    /// </remarks>
    /// <param name="trainPerClass">Training images per class; positive.</param>
    /// <param name="validationPerClass">Validation images per class; positive.</param>
    /// <returns>The training subset and the validation subset.</returns>
    public (ImageDataset Train, ImageDataset Validation) StratifiedSplit(int trainPerClass, int validationPerClass)
    {
        if (trainPerClass <= 0)
        {
            throw new ArgumentException($"trainPerClass must be positive, got {trainPerClass}.");
        }

        if (validationPerClass <= 0)
        {
            throw new ArgumentException($"validationPerClass must be positive, got {validationPerClass}.");
        }

        int[] seen = new int[ClassNames.Count];
        var train = new List<int>();
        var validation = new List<int>();
        for (int i = 0; i < Labels.Length; i++)
        {
            int label = Labels[i];
            if (label >= seen.Length)
            {
                throw new InvalidOperationException(
                    $"{Name}: image {i} has label {label}, but the dataset has only {seen.Length} classes.");
            }

            int k = seen[label]++;
            if (k < trainPerClass)
            {
                train.Add(i);
            }
            else if (k < trainPerClass + validationPerClass)
            {
                validation.Add(i);
            }
        }

        return (Subset([.. train], $"{Name} ({trainPerClass} per class)"),
                Subset([.. validation], $"{Name} (validation: {validationPerClass} per class after the first {trainPerClass})"));
    }

    /// <summary>
    /// A copy whose labels are partially corrupted: independently with probability <paramref name="fraction"/>, an
    /// image's label is replaced by a class drawn uniformly at random (possibly its own), as in Zhang et al.,
    /// "Understanding deep learning requires rethinking generalization" (ICLR 2017).
    /// </summary>
    /// <remarks>
    /// A network can memorise the wrong labels, so label noise makes overfitting, and therefore regularisation, visible
    /// in short runs. The same seed gives the same labels. About <c>fraction · (1 − 1/classes)</c> of the labels end up
    /// wrong, since a redrawn label can hit the right class.
    /// </remarks>
    /// <param name="fraction">Probability that a label is redrawn, in [0, 1].</param>
    /// <param name="seed">Seeds which labels are redrawn and to what.</param>
    public ImageDataset WithNoisyLabels(double fraction, ulong seed)
    {
        if (!(fraction is >= 0 and <= 1))
        {
            throw new ArgumentException($"The label-noise fraction must be between 0 and 1, got {fraction}.");
        }

        var random = new Tensors.SeededRandom(seed);
        byte[] labels = (byte[])Labels.Clone();
        for (int i = 0; i < labels.Length; i++)
        {
            // Two draws per image whatever the outcome, so image i's fate does not depend on the images before it.
            bool redraw = random.NextDouble() < fraction;
            int label = random.NextInt(ClassNames.Count);
            if (redraw)
            {
                labels[i] = (byte)label;
            }
        }

        return this with { Name = $"{Name} ({Math.Round(fraction * 100, 1)}% of labels redrawn at random)", Labels = labels };
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = ImageSize;
        byte[] pixels = new byte[(long)indices.Count * size];
        byte[] labels = new byte[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Index {i} is outside {Name}, which has {Count} images.");
            }

            Pixels.AsSpan(i * size, size).CopyTo(pixels.AsSpan(k * size, size));
            labels[k] = Labels[i];
        }

        return this with { Name = name ?? Name, Pixels = pixels, Labels = labels };
    }

    /// <summary>Counts per class, shape and source, for display.</summary>
    public DatasetSummary Summarize() =>
        new(Name, Count, Channels, Height, Width, ClassNames, ClassCounts(), Source);

    /// <inheritdoc/>
    public string ToHtml() => Summarize().ToHtml();

    /// <summary>One line: name, count, shape, classes and source.</summary>
    public override string ToString()
    {
        try
        {
            return Summarize().ToString();
        }
        catch (InvalidOperationException)
        {
            // ToString must not throw (debuggers, notebooks): fall back to what needs no valid labels.
            return $"{Name}: {Count} images, {Channels}x{Height}x{Width}, {ClassNames.Count} classes (some labels out of range) from {Source}";
        }
    }
}
