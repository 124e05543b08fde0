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
public sealed record ImageDataset(
    string Name,
    byte[] Pixels,
    byte[] Labels,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> ClassNames,
    string Source)
{
    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Bytes per image: <c>Channels * Height * Width</c>.</summary>
    public int ImageSize => Channels * Height * Width;
}
