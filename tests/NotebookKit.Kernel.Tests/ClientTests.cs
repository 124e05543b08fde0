using NotebookKit.Kernel.Tests.Clients;

namespace NotebookKit.Kernel.Tests;

/// <summary>
/// jupyter_client (Debian's python3-jupyter-client) driving the installed kernel as front ends do
/// (Clients/client_checks.py): interrupt by message, restart, display updates, stdin, errors, magics, completion.
/// One kernel serves every check; each check is one case here.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class ClientTests(InstalledKernel kernel, ClientTests.ChecksRun checks) : IClassFixture<ClientTests.ChecksRun>
{
    public static TheoryData<string> Checks =>
    [
        "interrupt_keeps_variables", "restart_starts_a_fresh_session", "display_update_in_place", "console_readline_asks_the_front_end",
        "readline_without_stdin_fails_clearly", "compile_error_points_into_the_cell", "error_names_the_exception_once",
        "deep_recursion_traceback_is_folded", "stop_on_error_aborts_queued_cells",
        "top_level_await_and_trailing_expression", "magics_time_and_markdown", "nuget_offline_error_names_package_and_feed",
        "complete_sees_earlier_cells",
    ];

    public sealed class ChecksRun
    {
        private System.Text.Json.Nodes.JsonObject? results;
        private readonly Lock gate = new();

        public string Outcome(InstalledKernel kernel, string check)
        {
            lock (gate)
            {
                results ??= PythonClient.Run("client_checks.py", [], kernel.Environment(), TimeSpan.FromMinutes(8)).Json;
            }

            return (string?)results[check] ?? $"{check} did not run";
        }
    }

    [Theory]
    [MemberData(nameof(Checks))]
    public void Client_check_passes(string check) => Assert.Equal("ok", checks.Outcome(kernel, check));
}
