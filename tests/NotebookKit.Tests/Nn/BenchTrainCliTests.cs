using System.Text.Json.Nodes;
using NotebookKit.Tests.Cli;

namespace NotebookKit.Tests.Nn;

public sealed class BenchTrainCliTests
{
    [Fact]
    public void Bench_train_prints_one_json_object_last_with_the_settings()
    {
        var r = Nbkit.Run("bench", "train", "--model", "lenet", "--batch", "4", "--steps", "2", "--warmup", "1", "--threads", "1", "--input", "1x28x28");
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonNode json = JsonNode.Parse(r.LastLine)!;
        Assert.Equal("lenet", (string)json["model"]!);
        Assert.Equal(4, (int)json["batch"]!);
        Assert.Equal("SGD(lr=0.01, momentum=0.9, nesterov=True)", (string)json["optimizer"]!);
        Assert.True((double)json["images_per_second"]! > 0);
        Assert.True((double)json["gflops_per_second"]! > 0);
        Assert.True((double)json["peak_gflops_per_second"]! > 0);
        Assert.Equal((double)json["gflops_per_second"]! / (double)json["peak_gflops_per_second"]!, (double)json["fraction_of_peak"]!, 0.01);
        Assert.True((double)json["eval_images_per_second"]! > 0);
        Assert.Equal(NotebookKit.Simd.SimdDispatch.Best.ToString(), (string)json["simd_path"]!);
    }

    [Fact]
    public void Optimizer_none_times_gradients_only_and_says_so()
    {
        var r = Nbkit.Run("bench", "train", "--model", "mlp", "--batch", "8", "--steps", "1", "--warmup", "0", "--threads", "1", "--optimizer", "none");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("none", (string)JsonNode.Parse(r.LastLine)!["optimizer"]!);
        var bad = Nbkit.Run("bench", "train", "--optimizer", "adam");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--optimizer", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_shape_is_a_one_line_error()
    {
        var r = Nbkit.Run("bench", "train", "--model", "lenet", "--input", "3x32");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--input", r.Stderr, StringComparison.Ordinal);
    }
}
