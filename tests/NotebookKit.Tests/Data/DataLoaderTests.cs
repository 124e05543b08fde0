using NotebookKit.Data;
using NotebookKit.Tests.Training.Doubles;

namespace NotebookKit.Tests.Data;

public class DataLoaderTests
{
    [Theory]
    [InlineData(10, 3, false)]
    [InlineData(10, 5, true)]
    [InlineData(7, 7, true)]
    public void Each_epoch_visits_every_sample_exactly_once(int count, int batchSize, bool shuffle)
    {
        var loader = new DataLoader(SyntheticData.Bands(count), batchSize, new DataLoaderOptions(Shuffle: shuffle, Seed: 3));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var seen = new List<int>();
            var sizes = new List<int>();
            foreach (var batch in loader.Epoch())
            {
                seen.AddRange(batch.Indices.Take(batch.Count));
                sizes.Add(batch.Count);
                Assert.Equal(batch.Count, batch.Images.Shape[0]);
                for (int i = 0; i < batch.Count; i++)
                {
                    Assert.Equal(loader.Dataset.Labels[batch.Indices[i]], batch.Labels[i]);
                }
            }

            Assert.Equal(Enumerable.Range(0, count), seen.Order());
            Assert.Equal(loader.BatchesPerEpoch, sizes.Count);
            Assert.All(sizes.SkipLast(1), s => Assert.Equal(batchSize, s));
            Assert.Equal(count - ((sizes.Count - 1) * batchSize), sizes[^1]);
        }
    }

    [Fact]
    public void Drop_last_drops_the_partial_batch()
    {
        var loader = new DataLoader(SyntheticData.Bands(10), 4, new DataLoaderOptions(DropLast: true));
        var sizes = loader.Epoch().Select(b => b.Count).ToList();
        Assert.Equal([4, 4], sizes);
        Assert.Equal(8, loader.ImagesPerEpoch);
    }

    [Fact]
    public void Same_seed_gives_the_same_batches_and_a_new_order_each_epoch()
    {
        var data = SyntheticData.Bands(32);
        var options = new DataLoaderOptions(Shuffle: true, Seed: 11, Augmentation: new Augmentation(1));
        static List<(int[] Indices, float[] Pixels)> Run(DataLoader loader) =>
            Enumerable.Range(0, 2).SelectMany(_ => loader.Epoch().Select(b => (b.Indices.Take(b.Count).ToArray(), b.Images.Span.ToArray()))).ToList();

        var a = Run(new DataLoader(data, 8, options));
        var b = Run(new DataLoader(data, 8, options));
        var c = Run(new DataLoader(data, 8, options with { Seed = 12 }));
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Indices, b[i].Indices);
            Assert.Equal(a[i].Pixels, b[i].Pixels);
        }

        Assert.NotEqual(a.SelectMany(x => x.Indices), c.SelectMany(x => x.Indices));
        // Epoch 2 is a different permutation than epoch 1.
        Assert.NotEqual(a.Take(4).SelectMany(x => x.Indices), a.Skip(4).SelectMany(x => x.Indices));
    }

    [Fact]
    public void Restoring_the_generator_states_replays_the_next_epoch()
    {
        var loader = new DataLoader(SyntheticData.Bands(20), 6, new DataLoaderOptions(Shuffle: true, Seed: 5, Augmentation: Augmentation.Cifar));
        _ = loader.Epoch().Count();
        var shuffle = loader.ShuffleRandom.GetState();
        var augment = loader.AugmentRandom.GetState();
        var first = loader.Epoch().Select(b => b.Images.Span.ToArray()).ToList();
        loader.ShuffleRandom.SetState(shuffle);
        loader.AugmentRandom.SetState(augment);
        var again = loader.Epoch().Select(b => b.Images.Span.ToArray()).ToList();
        Assert.Equal(first, again);
    }

    [Fact]
    public void Images_are_normalised_per_channel_with_float32_torchvision_math()
    {
        var data = SyntheticData.Bands(5, channels: 3);
        var normalization = new Normalization([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]);
        var loader = new DataLoader(data, 5, new DataLoaderOptions(Normalization: normalization));
        var batch = loader.Epoch().Single();
        int plane = data.Height * data.Width;
        for (int i = 0; i < data.Pixels.Length; i++)
        {
            int channel = i / plane % 3;
            float expected = ((data.Pixels[i] / 255f) - (float)normalization.Mean[channel]) / (float)normalization.Std[channel];
            Assert.Equal(expected, batch.Images.Data[i]);
        }
    }

    [Fact]
    public void Without_normalisation_pixels_are_scaled_to_unit_range()
    {
        var data = SyntheticData.Bands(2);
        var batch = new DataLoader(data, 2).Epoch().Single();
        Assert.Equal(data.Pixels.Select(b => b / 255f), batch.Images.Span.ToArray());
    }

    [Fact]
    public void Bad_arguments_name_the_rule()
    {
        var data = SyntheticData.Bands(4);
        Assert.Contains("batch_size", Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(data, 0)).Message);
        Assert.Contains("drop_last", Assert.Throws<ArgumentException>(() => new DataLoader(data, 5, new DataLoaderOptions(DropLast: true))).Message);
        var rgb = new Normalization([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]);
        Assert.Contains("3 channels", Assert.Throws<ArgumentException>(() => new DataLoader(data, 2, new DataLoaderOptions(Normalization: rgb))).Message);
    }
}
