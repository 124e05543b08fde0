using System.Text.Json.Nodes;
using NotebookKit.Kernel.Tests.Clients;

namespace NotebookKit.Kernel.Tests;

/// <summary>
/// jupyter_kernel_test (Debian's python3-jupyter-kernel-test), the suite kernel authors use, against the installed
/// kernel with a C# test class (Clients/conformance.py). The suite runs once; each of its tests is one case here.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class ConformanceTests(InstalledKernel kernel, ConformanceTests.SuiteRun suite) : IClassFixture<ConformanceTests.SuiteRun>
{
    public static TheoryData<string> Applicable =>
    [
        "test_kernel_info", "test_execute_stdout", "test_execute_stderr", "test_completion", "test_is_complete", "test_error",
        "test_execute_result", "test_display_data", "test_history", "test_inspect",
    ];

    /// <summary>Runs the suite once for the class.</summary>
    public sealed class SuiteRun
    {
        private JsonObject? outcomes;
        private readonly Lock gate = new();

        public JsonObject Outcomes(InstalledKernel kernel)
        {
            lock (gate)
            {
                return outcomes ??= PythonClient.Run("conformance.py", [], kernel.Environment(), TimeSpan.FromMinutes(8)).Json;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Applicable))]
    public void Conformance_test_passes(string test)
    {
        var outcome = suite.Outcomes(kernel)[test] ?? throw new InvalidOperationException($"{test} did not run.");

        Assert.True((string?)outcome["outcome"] == "ok", $"{test}: {outcome["outcome"]}\n{outcome["detail"]}");
    }

    /// <summary>C# has no pager and the .NET conventions no clear_output helper: the suite skips these for want of a sample.</summary>
    [Theory]
    [InlineData("test_pager")]
    [InlineData("test_clear_output")]
    public void Tests_that_do_not_apply_to_csharp_are_skipped(string test) =>
        Assert.Equal("skip", (string?)suite.Outcomes(kernel)[test]?["outcome"]);
}
