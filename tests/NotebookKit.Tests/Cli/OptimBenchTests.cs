using System.Text.Json.Nodes;

namespace NotebookKit.Tests.Cli;

/// <summary><c>nbkit bench optim</c> end to end on a tiny size: the output contract, never the timings.</summary>
public sealed class OptimBenchTests
{
    [Fact]
    public void Last_line_is_json_with_throughput_bandwidth_and_settings()
    {
        var r = Nbkit.Run("bench", "optim", "--optimizer", "Adam", "--params", "5000", "--steps", "3", "--threads", "1", "--warmup", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonObject o = JsonNode.Parse(r.LastLine)!.AsObject();
        Assert.Equal("Adam", o["optimizer"]!.GetValue<string>());
        Assert.Equal(5000, o["params"]!.GetValue<int>());
        Assert.Equal(1, o["threads"]!.GetValue<int>());

        // Adam reads p, g, exp_avg, exp_avg_sq and writes p, exp_avg, exp_avg_sq.
        Assert.Equal(28, o["bytes_per_param"]!.GetValue<int>());
        foreach (string key in new[] { "params_per_second", "bytes_per_second", "copy_bytes_per_second", "bandwidth_bytes_per_second", "ratio_to_bound" })
        {
            Assert.True(o[key]!.GetValue<double>() > 0, key);
        }
    }

    [Theory]
    [InlineData("--optimizer", "LBFGS", "--optimizer must be SGD, Adam, AdamW, RMSprop or Adagrad")]
    [InlineData("--params", "0", "--params must be at least 1")]
    [InlineData("--threads", "0", "--threads must be at least 1")]
    public void Bad_settings_fail_clearly(string option, string value, string expected)
    {
        var r = Nbkit.Run("bench", "optim", option, value, "--steps", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
    }
}
