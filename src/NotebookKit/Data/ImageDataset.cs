using NotebookKit.Plotting;

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
    /// Holds out a validation set taken from this (training) split: the <b>last</b> <paramref name="validationPerClass"/>
    /// images of every class become the validation set, and the first <paramref name="trainPerClass"/> of the others
    /// (all of them when it is 0) the training set. The two never share an image, both keep dataset order, and the
    /// training part is the same as <see cref="Stratified"/> would give as long as the classes are large enough.
    /// </summary>
    /// <param name="validationPerClass">Images per class to hold out; positive.</param>
    /// <param name="trainPerClass">Images per class to train on; 0 for every image that is not held out.</param>
    /// <returns>The training and the validation subsets.</returns>
    /// <exception cref="ArgumentException">A count is out of range, or a class has too few images to hold out
    /// <paramref name="validationPerClass"/> and still train on at least one.</exception>
    public (ImageDataset Train, ImageDataset Validation) ValidationSplit(int validationPerClass, int trainPerClass = 0)
    {
        if (validationPerClass < 1)
        {
            throw new ArgumentException($"{Name}: the validation set needs at least one image per class, got {validationPerClass}.");
        }

        if (trainPerClass < 0)
        {
            throw new ArgumentException($"{Name}: images per class to train on must be 0 (all) or positive, got {trainPerClass}.");
        }

        int[] counts = ClassCounts();
        for (int c = 0; c < counts.Length; c++)
        {
            if (counts[c] > 0 && counts[c] <= validationPerClass)
            {
                throw new ArgumentException($"{Name}: class '{ClassNames[c]}' has {counts[c]} images, too few to hold out {validationPerClass} for validation and train on the rest.");
            }
        }

        int[] seen = new int[counts.Length];
        var train = new List<int>();
        var validation = new List<int>();
        for (int i = 0; i < Labels.Length; i++)
        {
            int label = Labels[i];
            int position = seen[label]++;
            if (position >= counts[label] - validationPerClass)
            {
                validation.Add(i);
            }
            else if (trainPerClass == 0 || position < trainPerClass)
            {
                train.Add(i);
            }
        }

        string trainName = trainPerClass == 0 ? $"{Name} (training part)" : $"{Name} (training part, {trainPerClass} per class)";
        return (Subset(train, trainName), Subset(validation, $"{Name} (validation, last {validationPerClass} per class)"));
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
