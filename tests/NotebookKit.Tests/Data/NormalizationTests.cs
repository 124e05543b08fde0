using System.Text.Json.Nodes;
using NotebookKit.Data;
using NotebookKit.Tests.Training.Doubles;

namespace NotebookKit.Tests.Data;

public class NormalizationTests
{
    [Fact]
    public void Statistics_from_a_dataset_match_a_direct_two_pass_computation()
    {
        var data = SyntheticData.Bands(9, channels: 3, size: 5);
        var n = Normalization.FromDataset(data);
        int plane = data.Height * data.Width;
        for (int c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, data.Count)
                .SelectMany(i => data.Pixels.Skip((i * data.ImageSize) + (c * plane)).Take(plane))
                .Select(b => b / 255.0).ToArray();
            double mean = values.Average();
            double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(mean, n.Mean[c], 12);
            Assert.Equal(std, n.Std[c], 12);
        }
    }

    [Fact]
    public void Normalised_data_has_zero_mean_and_unit_std_per_channel()
    {
        var data = SyntheticData.Bands(12, channels: 2);
        var n = Normalization.FromDataset(data);
        var output = new float[data.Pixels.Length];
        for (int i = 0; i < data.Count; i++)
        {
            n.Apply(data.Pixels.AsSpan(i * data.ImageSize, data.ImageSize), output.AsSpan(i * data.ImageSize, data.ImageSize));
        }

        int plane = data.Height * data.Width;
        for (int c = 0; c < 2; c++)
        {
            var values = Enumerable.Range(0, data.Count).SelectMany(i => output.Skip((i * data.ImageSize) + (c * plane)).Take(plane)).Select(v => (double)v).ToArray();
            double mean = values.Average();
            Assert.Equal(0, mean, 5);
            Assert.Equal(1, Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average()), 5);
        }
    }

    [Fact]
    public void Apply_is_torchvision_normalize_on_to_tensor_values()
    {
        var n = new Normalization([0.2860], [0.3530]);
        for (int b = 0; b < 256; b++)
        {
            Assert.Equal(((b / 255f) - 0.2860f) / 0.3530f, n.Apply(0, (byte)b));
        }
    }

    [Fact]
    public void Invalid_statistics_are_refused_with_the_rule()
    {
        Assert.Contains("std[1] must be finite and positive", Assert.Throws<ArgumentOutOfRangeException>(() => new Normalization([0.5, 0.5], [0.5, 0])).Message);
        Assert.Contains("one mean and one std per channel", Assert.Throws<ArgumentException>(() => new Normalization([0.5], [0.5, 0.5])).Message);
    }

    [Fact]
    public void Real_fashion_mnist_statistics_match_numpy()
    {
        // Oracle: Fixtures/Data/fashion_mnist_stats.json, written by numpy (images/255).mean() and .std() (ddof=0).
        var stats = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Data", "fashion_mnist_stats.json")))!;
        var train = FashionMnist.LoadFrom(FashionMnist.SystemFolder).Train;
        var n = Normalization.FromDataset(train);
        Assert.Equal(stats["train"]!["mean"]!.GetValue<double>(), n.Mean[0], 12);
        Assert.Equal(stats["train"]!["std"]!.GetValue<double>(), n.Std[0], 12);
    }
}
