using NotebookKit.Data;
using NotebookKit.Nn;
using NotebookKit.Tensors;

namespace NotebookKit.Tests.Training.Doubles;

/// <summary>A small, learnable image dataset: class k has a bright k-th vertical band, plus noise.</summary>
public static class SyntheticData
{
    public static ImageDataset Bands(int count, int classes = 3, int channels = 1, int size = 6, ulong seed = 7)
    {
        var random = new SeededRandom(seed);
        int imageSize = channels * size * size;
        var pixels = new byte[count * imageSize];
        var labels = new byte[count];
        int band = size / classes;
        for (int i = 0; i < count; i++)
        {
            int label = i % classes;
            labels[i] = (byte)label;
            for (int c = 0; c < channels; c++)
            {
                for (int y = 0; y < size; y++)
                {
                    for (int x = 0; x < size; x++)
                    {
                        int noise = random.NextInt(60);
                        int value = x / band == label ? 180 + noise : noise;
                        pixels[(i * imageSize) + (c * size * size) + (y * size) + x] = (byte)value;
                    }
                }
            }
        }

        return new ImageDataset("synthetic/bands", pixels, labels, channels, size, size, Enumerable.Range(0, classes).Select(k => $"band {k}").ToArray(), "memory");
    }
}
