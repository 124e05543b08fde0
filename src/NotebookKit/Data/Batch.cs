using NotebookKit.Tensors;

namespace NotebookKit.Data;

/// <summary>One mini-batch: images as an NCHW float tensor and their labels.</summary>
/// <remarks>
/// A <see cref="DataLoader"/> reuses one batch object and its buffers: a batch is valid until the loader
/// produces the next one. Copy what you need to keep.
/// </remarks>
public sealed class Batch
{
    internal Batch(Tensor images, int[] labels, int[] indices, int count)
    {
        Images = images;
        Labels = labels;
        Indices = indices;
        Count = count;
    }

    /// <summary>The images, shape <c>[Count, channels, height, width]</c>, normalised.</summary>
    public Tensor Images { get; internal set; }

    /// <summary>Class labels; the first <see cref="Count"/> entries belong to this batch.</summary>
    public int[] Labels { get; }

    /// <summary>The dataset index of each image; the first <see cref="Count"/> entries belong to this batch.</summary>
    public int[] Indices { get; }

    /// <summary>The number of images in this batch (smaller than the batch size only for a last partial batch).</summary>
    public int Count { get; internal set; }

    /// <summary>The labels of this batch, exactly <see cref="Count"/> of them.</summary>
    public ReadOnlySpan<int> LabelSpan => Labels.AsSpan(0, Count);

    /// <inheritdoc/>
    public override string ToString() => $"Batch of {Count}: {Images}";
}
