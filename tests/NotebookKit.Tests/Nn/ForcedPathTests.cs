using System.Text.Json.Nodes;
using NotebookKit.Simd;
using NotebookKit.Tests.Cli;

namespace NotebookKit.Tests.Nn;

/// <summary>
/// A whole MiniVGGNet forward pass and training step on each instruction set, forced for the entire process with the
/// runtime's switches (256-bit vectors preferred: the 256-bit path everywhere; no hardware intrinsics: every kernel's
/// scalar twin), give the machine's best path's losses to float32 rounding. (Later steps drift apart: a batch of 8
/// memorising random labels through batch norm amplifies rounding quickly.)
/// </summary>
public sealed class ForcedPathTests
{
    public static TheoryData<string, string> Switches() => new()
    {
        { "DOTNET_PreferredVectorBitWidth=256", nameof(SimdPath.Vector256) },
        { "DOTNET_EnableHWIntrinsic=0", nameof(SimdPath.Scalar) },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public void Losses_agree_when_the_path_is_forced(string setting, string expectedPath)
    {
        string[] parts = setting.Split('=');
        var environment = new Dictionary<string, string> { [parts[0]] = parts[1] };
        // A machine without AVX-512 already runs the 256-bit path; a forced path is never wider than the best.
        string expected = expectedPath == nameof(SimdPath.Vector256) && SimdDispatch.Best == SimdPath.Scalar ? nameof(SimdPath.Scalar) : expectedPath;
        foreach (var (steps, tolerance) in new[] { ("1", 1e-5), ("2", 2e-3) })
        {
            // One step reports the loss of the first forward pass; two, the loss after one backward pass and update.
            string[] args = ["bench", "train", "--model", "minivggnet", "--input", "3x16x16", "--batch", "8", "--steps", steps, "--warmup", "0", "--threads", "2"];
            var best = Nbkit.Run(args);
            var forced = Nbkit.Run(args, environment: environment);
            Assert.True(best.ExitCode == 0, best.Stderr);
            Assert.True(forced.ExitCode == 0, forced.Stderr);
            JsonNode a = JsonNode.Parse(best.LastLine)!, b = JsonNode.Parse(forced.LastLine)!;
            Assert.Equal(SimdDispatch.Best.ToString(), (string)a["simd_path"]!);
            Assert.Equal(expected, (string)b["simd_path"]!);
            double lossA = (double)a["last_loss"]!, lossB = (double)b["last_loss"]!;
            Assert.True(Math.Abs(lossA - lossB) <= tolerance * Math.Abs(lossA), $"{setting}, {steps} step(s): loss {lossB} on {expected}, {lossA} on {a["simd_path"]}");
        }
    }
}
