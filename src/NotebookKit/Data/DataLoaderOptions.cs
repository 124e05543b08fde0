namespace NotebookKit.Data;

/// <summary>How a <see cref="DataLoader"/> batches a dataset (PyTorch <c>DataLoader</c> arguments plus transforms).</summary>
/// <param name="Shuffle">Reshuffle the order at the start of every epoch (PyTorch <c>shuffle</c>).</param>
/// <param name="DropLast">Drop the last partial batch (PyTorch <c>drop_last</c>); by default it is kept.</param>
/// <param name="Seed">Seeds the shuffle and augmentation generators.</param>
/// <param name="Normalization">Per-channel normalisation; null means plain <c>b/255</c> scaling.</param>
/// <param name="Augmentation">Training augmentation applied before normalisation; null for none.</param>
public sealed record DataLoaderOptions(
    bool Shuffle = false,
    bool DropLast = false,
    ulong Seed = 0,
    Normalization? Normalization = null,
    Augmentation? Augmentation = null);
