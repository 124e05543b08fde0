using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Simd;
using NotebookKit.Tests.Cli;

namespace NotebookKit.Tests.Nn;

/// <summary>
/// Each instruction set, forced for the entire process with the runtime's switches (256-bit vectors preferred: the
/// 256-bit path everywhere; no hardware intrinsics: every kernel's scalar twin): a whole MiniVGGNet forward pass and
/// training step give the machine's best path's losses to float32 rounding, and the PyTorch golden tests of every
/// layer and whole model pass unchanged. (Later steps drift apart: a batch of 8 memorising random labels through
/// batch norm amplifies rounding quickly.)
/// </summary>
public sealed class ForcedPathTests
{
    // The golden tests against PyTorch 1.13.1 (Fixtures/nn_layers.json, nn_models.json) and the fusion twins.
    private static readonly string[] GoldenClasses =
    [
        "NotebookKit.Tests.Nn.Layers.LayerParityTests",
        "NotebookKit.Tests.Nn.Models.ModelParityTests",
        "NotebookKit.Tests.Nn.Models.FusionTests",
    ];

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

    public static TheoryData<string> Settings() => new() { "DOTNET_PreferredVectorBitWidth=256", "DOTNET_EnableHWIntrinsic=0" };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task Golden_tests_pass_when_the_path_is_forced(string setting)
    {
        // That the switch reaches the runtime is checked above (nbkit reports the path it ran); here this test
        // assembly runs again in a child test host with the switch set, limited to the golden classes.
        string[] parts = setting.Split('=');
        string results = Path.Combine(Path.GetTempPath(), $"nbkit-forced-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment[parts[0]] = parts[1];
        foreach (string a in new[] { "test", typeof(ForcedPathTests).Assembly.Location, "--results-directory", results, "--filter",
                     string.Join('|', GoldenClasses.Select(c => $"FullyQualifiedName~{c}.")) })
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{setting}: the golden tests did not finish in 10 minutes.");
            }

            string output = await stdout + await stderr;
            Match summary = Regex.Match(output, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)");
            Assert.True(process.ExitCode == 0 && summary.Success, $"{setting}: exit code {process.ExitCode}\n{output}");
            Assert.Equal("0", summary.Groups[1].Value);
            Assert.Equal("0", summary.Groups[3].Value);
            // Every golden test ran: the layer cases of the fixture, the Winograd case, the model and fusion tests.
            int layerCases = NnFixtures.LayerCases["layers"]!.AsArray().Count;
            Assert.True(int.Parse(summary.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= layerCases + 6, output);
        }
        finally
        {
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }
}
