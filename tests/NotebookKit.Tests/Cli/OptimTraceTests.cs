using System.Text.Json.Nodes;
using NotebookKit.Tests.Optim;

namespace NotebookKit.Tests.Cli;

/// <summary><c>nbkit optim trace</c> end to end: the real binary against PyTorch fixtures, and bad specs.</summary>
public sealed class OptimTraceTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("nbkit-optim-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("adamw_amsgrad")]
    [InlineData("sgd_all")]
    [InlineData("adamw_onecycle_beta1")]
    public void Trace_matches_pytorch(string name)
    {
        JsonObject c = GoldenFixtures.Case(name);
        string file = Write(c["spec"]!.ToJsonString());
        var r = Nbkit.Run("optim", "trace", file);
        Assert.True(r.ExitCode == 0, r.Stderr);
        JsonArray steps = JsonNode.Parse(r.LastLine)!["params"]!.AsArray();
        JsonArray expected = c["expected"]!.AsArray();
        Assert.Equal(expected.Count, steps.Count);
        for (int s = 0; s < expected.Count; s++)
        {
            for (int k = 0; k < expected[s]!.AsArray().Count; k++)
            {
                // The nesting of each tensor is kept: [2, 5] in, [2, 5] out.
                Assert.Equal(expected[s]![k]!.AsArray().Count, steps[s]![k]!.AsArray().Count);
                float[] want = GoldenFixtures.Flat(expected[s]![k]);
                float[] got = GoldenFixtures.Flat(steps[s]![k]);
                for (int i = 0; i < want.Length; i++)
                {
                    GoldenFixtures.AssertClose(want[i], got[i], $"{name} step {s + 1} tensor {k}[{i}]");
                }
            }
        }
    }

    [Theory]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": -0.1}, "params": [[1, 2]], "grads": []}""", "Invalid learning rate: -0.1")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1, 2]], "grads": [[[1, 2, 3]]]}""", "grads[0][0]: has shape [3] but params[0] has shape [2]")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1, 2]], "grads": [[[1, 2]], []]}""", "grads[1]: must be a list of 1 gradients")]
    [InlineData("""{"optimizer": {"type": "Adam", "betas": [0.9, 1.2]}, "params": [[1]], "grads": []}""", "betas[1] must be in [0, 1)")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[[1, 2], [3]]], "grads": []}""", "params[0]: is not rectangular")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1]], "grads": [], "steps": 3}""", "steps: is not a trace key")]
    [InlineData("""{"params": [[1]], "grads": []}""", "optimizer: is required")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1]], "grads": [], "scheduler": 3}""", "scheduler: must be an object")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1]], "grads": [], "scheduler": {"type": "StepLR"}}""", "step_size")]
    [InlineData("""{"optimizer": {"type": "SGD", "lr": 0.1}, "params": [[1]], "grads": [], "scheduler": {"type": "ReduceLROnPlateau"}}""", "driven by a metric")]
    [InlineData("""[1, 2]""", "must be an object such as")]
    [InlineData("""{"optimizer": """, "not valid JSON")]
    public void Bad_specs_fail_with_one_clear_line(string json, string expected)
    {
        var r = Nbkit.Run("optim", "trace", Write(json));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        var r = Nbkit.Run("optim", "trace", Path.Combine(dir, "nope.json"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("nope.json: file not found", r.Stderr, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        string file = Path.Combine(dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        return file;
    }
}
