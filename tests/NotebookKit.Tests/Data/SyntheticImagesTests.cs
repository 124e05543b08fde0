using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class SyntheticImagesTests
{
    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_differs()
    {
        var a = Cifar10.Synthetic(4, 2, seed: 3);
        var b = Cifar10.Synthetic(4, 2, seed: 3);
        var c = Cifar10.Synthetic(4, 2, seed: 4);

        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.Equal(a.Test.Pixels, b.Test.Pixels);
        Assert.NotEqual(a.Train.Pixels, c.Train.Pixels);
        Assert.NotEqual(a.Train.Pixels, a.Test.Pixels.Concat(a.Test.Pixels).ToArray());
    }

    [Fact]
    public void Classes_are_interleaved_and_balanced()
    {
        var data = SyntheticImages.Create("s", 5, 1, 8, 8, ["x", "y", "z"]);

        Assert.Equal(15, data.Count);
        Assert.Equal(new byte[] { 0, 1, 2, 0, 1, 2 }, data.Labels.Take(6));
        Assert.All(data.ClassCounts(), n => Assert.Equal(5, n));
        Assert.Equal(15 * 64, data.Pixels.Length);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void A_nearest_centroid_classifier_separates_the_classes(int channels)
    {
        // The helper's promise: a model can learn these classes. The simplest model (nearest class mean)
        // must already beat chance (10%) by far on held-out images.
        var train = SyntheticImages.Create("train", 20, channels, 32, 32, Cifar10.ClassNames, seed: 1);
        var test = SyntheticImages.Create("test", 10, channels, 32, 32, Cifar10.ClassNames, seed: 2);
        int size = train.ImageSize;
        double[][] centroids = Enumerable.Range(0, 10).Select(_ => new double[size]).ToArray();
        for (int i = 0; i < train.Count; i++)
        {
            var image = train.ImageAt(i);
            for (int p = 0; p < size; p++)
            {
                centroids[train.Labels[i]][p] += image[p] / 20.0;
            }
        }

        int correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            var image = test.ImageAt(i);
            int best = -1;
            double bestDistance = double.MaxValue;
            for (int c = 0; c < 10; c++)
            {
                double distance = 0;
                for (int p = 0; p < size; p++)
                {
                    double d = image[p] - centroids[c][p];
                    distance += d * d;
                }

                if (distance < bestDistance)
                {
                    (best, bestDistance) = (c, distance);
                }
            }

            correct += best == test.Labels[i] ? 1 : 0;
        }

        Assert.True(correct >= 0.8 * test.Count, $"nearest-centroid accuracy {correct}/{test.Count}");
    }

    [Fact]
    public void Arguments_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticImages.Create("s", 0, 1, 8, 8, ["x"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticImages.Create("s", 1, 1, 8, 8, []));
    }
}
