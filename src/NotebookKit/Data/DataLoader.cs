using NotebookKit.Tensors;

namespace NotebookKit.Data;

/// <summary>
/// Turns an <see cref="ImageDataset"/> into mini-batches: seeded shuffling, optional augmentation, per-channel
/// normalisation, reused buffers (PyTorch <c>DataLoader</c> with <c>num_workers=0</c>).
/// </summary>
/// <remarks>
/// <para>Each call to <see cref="Epoch"/> walks the dataset once. With <see cref="DataLoaderOptions.Shuffle"/>
/// the order is a Fisher-Yates permutation drawn from <see cref="ShuffleRandom"/> at the start of the epoch;
/// augmentation draws from <see cref="AugmentRandom"/> image by image. Saving both generators' states
/// between epochs (as checkpoints do) makes a resumed run draw exactly what an uninterrupted one would.</para>
/// <para>One <see cref="Batch"/> object and its buffers are reused: a batch is valid until the next one.</para>
/// </remarks>
public sealed class DataLoader
{
    private readonly int[] order;
    private readonly byte[] scratch;
    private readonly Batch batch;
    private readonly Tensor fullImages;
    private Tensor? partialImages;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The images and labels.</param>
    /// <param name="batchSize">Images per batch (PyTorch <c>batch_size</c>), positive.</param>
    /// <param name="options">Shuffling, last-batch policy, seed and transforms; defaults keep order and the last batch.</param>
    public DataLoader(ImageDataset dataset, int batchSize, DataLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch_size must be a positive integer, got {batchSize}.");
        }

        options ??= new DataLoaderOptions();
        if (dataset.Count == 0)
        {
            throw new ArgumentException($"Dataset '{dataset.Name}' has no images to batch.", nameof(dataset));
        }

        if (dataset.Pixels.Length != (long)dataset.Count * dataset.ImageSize)
        {
            throw new ArgumentException($"Dataset '{dataset.Name}' holds {dataset.Pixels.Length} pixel bytes, not {dataset.Count} images of {dataset.ImageSize}.", nameof(dataset));
        }

        if (options.Normalization is { } n && n.Channels != dataset.Channels)
        {
            throw new ArgumentException($"Normalize has {n.Channels} channels but dataset '{dataset.Name}' has {dataset.Channels}.", nameof(options));
        }

        if (options.DropLast && dataset.Count < batchSize)
        {
            throw new ArgumentException($"drop_last with batch_size {batchSize} leaves no batch from the {dataset.Count} images of '{dataset.Name}'.", nameof(options));
        }

        Dataset = dataset;
        BatchSize = batchSize;
        Options = options;
        Normalization = options.Normalization ?? Normalization.None(dataset.Channels);
        var root = new SeededRandom(options.Seed);
        ShuffleRandom = root.Fork();
        AugmentRandom = root.Fork();
        order = Enumerable.Range(0, dataset.Count).ToArray();
        scratch = new byte[dataset.ImageSize];
        // No batch holds more images than the dataset (PyTorch gives one short batch when batch_size exceeds it), so
        // the buffer is sized by that: a huge batch_size costs nothing instead of a tensor larger than memory.
        int capacity = Math.Max(1, Math.Min(batchSize, dataset.Count));
        fullImages = new Tensor(capacity, dataset.Channels, dataset.Height, dataset.Width);
        batch = new Batch(fullImages, new int[capacity], new int[capacity], 0);
    }

    /// <summary>The dataset being batched.</summary>
    public ImageDataset Dataset { get; }

    /// <summary>Images per batch (PyTorch <c>batch_size</c>).</summary>
    public int BatchSize { get; }

    /// <summary>The options the loader was created with.</summary>
    public DataLoaderOptions Options { get; }

    /// <summary>The normalisation in use (plain <c>b/255</c> when none was given).</summary>
    public Normalization Normalization { get; }

    /// <summary>The generator that shuffles the order each epoch; its state is saved by checkpoints.</summary>
    public SeededRandom ShuffleRandom { get; }

    /// <summary>The generator augmentation draws from; its state is saved by checkpoints.</summary>
    public SeededRandom AugmentRandom { get; }

    /// <summary>Batches per epoch (PyTorch <c>len(loader)</c>).</summary>
    public int BatchesPerEpoch => Options.DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Images per epoch, after dropping a partial last batch if asked to.</summary>
    public int ImagesPerEpoch => Options.DropLast ? BatchesPerEpoch * BatchSize : Dataset.Count;

    /// <summary>Walks the dataset once, yielding reused <see cref="Batch"/> objects.</summary>
    /// <remarks>The shuffle happens when enumeration starts, so an epoch that is never enumerated draws nothing.</remarks>
    public IEnumerable<Batch> Epoch()
    {
        if (Options.Shuffle)
        {
            // A fresh permutation of 0..N-1 each epoch (PyTorch RandomSampler's randperm), so the order depends
            // only on the generator's state, which is what checkpoints save.
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            ShuffleRandom.Shuffle(order.AsSpan());
        }

        int batches = BatchesPerEpoch;
        for (int b = 0; b < batches; b++)
        {
            int start = b * BatchSize;
            int count = Math.Min(BatchSize, Dataset.Count - start);
            Fill(start, count);
            yield return batch;
        }
    }

    private void Fill(int start, int count)
    {
        var images = fullImages;
        if (count != BatchSize)
        {
            // The last partial batch views the same buffer with a smaller leading dimension.
            if (partialImages is null || partialImages.Shape[0] != count)
            {
                partialImages = new Tensor(fullImages.Data, count, Dataset.Channels, Dataset.Height, Dataset.Width);
            }

            images = partialImages;
        }

        int size = Dataset.ImageSize;
        var augmentation = Options.Augmentation;
        for (int i = 0; i < count; i++)
        {
            int index = order[start + i];
            ReadOnlySpan<byte> pixels = Dataset.Pixels.AsSpan(index * size, size);
            if (augmentation is not null)
            {
                augmentation.Apply(pixels, scratch, Dataset.Channels, Dataset.Height, Dataset.Width, AugmentRandom);
                pixels = scratch;
            }

            Normalization.Apply(pixels, images.Data.AsSpan(i * size, size));
            batch.Labels[i] = Dataset.Labels[index];
            batch.Indices[i] = index;
        }

        batch.Images = images;
        batch.Count = count;
    }
}
