using System.Text.Json.Nodes;
using NotebookKit.Kernel.Language;

namespace NotebookKit.Kernel.Tests.Language;

public sealed class SubmissionWorkspaceTests : IDisposable
{
    private readonly SubmissionWorkspace workspace = new(Path.GetTempPath());

    public void Dispose() => workspace.Dispose();

    private static List<string> Matches(JsonObject reply) => [.. reply["matches"]!.AsArray().Select(m => (string)m!)];

    [Fact]
    public async Task Completion_sees_variables_and_methods_of_earlier_cells()
    {
        await workspace.AddSubmissionAsync("var learningRate = 0.1;\nint Twice(int x) => 2 * x;");

        var reply = await workspace.CompleteAsync("learn", 5);
        var methods = await workspace.CompleteAsync("Twi", 3);

        Assert.Equal("ok", (string?)reply["status"]);
        Assert.Contains("learningRate", Matches(reply));
        Assert.Equal(0, (int?)reply["cursor_start"]);
        Assert.Equal(5, (int?)reply["cursor_end"]);
        Assert.Contains("Twice", Matches(methods));
    }

    [Fact]
    public async Task Member_completion_after_a_dot_is_filtered_by_what_was_typed()
    {
        string code = "Console.WriteL";

        var reply = await workspace.CompleteAsync(code, code.Length);

        Assert.Contains("WriteLine", Matches(reply));
        Assert.DoesNotContain("ReadLine", Matches(reply));
        Assert.Equal("Console.".Length, (int?)reply["cursor_start"]);
    }

    [Fact]
    public async Task Completion_offers_the_kernel_helpers_and_the_library_after_its_nuget_line()
    {
        var helpers = await workspace.CompleteAsync("disp", 4);
        await workspace.AddSubmissionAsync("#r \"nuget: NotebookKit\"\nusing NotebookKit.Schedules;");
        var library = await workspace.CompleteAsync("new StepL", 9);

        Assert.Contains("display", Matches(helpers));
        Assert.Contains("StepLR", Matches(library));
    }

    [Fact]
    public async Task A_reference_to_any_NotebookKit_dll_means_the_loaded_library_and_nuget_packages_are_restored()
    {
        await workspace.AddSubmissionAsync("#r \"../src/NotebookKit/bin/Release/net8.0/NotebookKit.dll\"\nusing NotebookKit.Optim;");
        await workspace.AddSubmissionAsync("#r \"nuget: Newtonsoft.Json, 13.0.4\"\nusing Newtonsoft.Json;");

        var library = await workspace.CompleteAsync("new AdamW", 9);
        var package = await workspace.CompleteAsync("JsonConvert.Serialize", 21);

        Assert.Contains("AdamW", Matches(library));
        Assert.Contains("SerializeObject", Matches(package));
    }

    [Fact]
    public async Task Inspect_shows_the_signature_and_the_xml_summary()
    {
        string code = "Math.Max(1, 2)";

        var reply = await workspace.InspectAsync(code, "Math.Ma".Length, 0);

        Assert.True((bool?)reply["found"]);
        string text = (string)reply["data"]!["text/plain"]!;
        Assert.Contains("Math.Max(int val1, int val2)", text, StringComparison.Ordinal);
        Assert.Contains("Returns the larger of two", text, StringComparison.Ordinal);
        Assert.Contains("```csharp", (string)reply["data"]!["text/markdown"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_inside_an_argument_list_describes_the_call_and_a_variable_shows_its_type()
    {
        await workspace.AddSubmissionAsync("var steps = new List<int>();");

        var call = await workspace.InspectAsync("Math.Sqrt(", "Math.Sqrt(".Length, 0);
        var variable = await workspace.InspectAsync("steps", 5, 0);
        var nothing = await workspace.InspectAsync("   ", 1, 0);

        Assert.Contains("Math.Sqrt(double d)", (string)call["data"]!["text/plain"]!, StringComparison.Ordinal);
        Assert.Contains("List<int> steps", (string)variable["data"]!["text/plain"]!, StringComparison.Ordinal);
        Assert.False((bool?)nothing["found"]);
    }
}
