namespace NotebookKit.Notebooks.Tests;

public sealed class ParameterInjectorTests
{
    private static string StdoutOfUseCell(NotebookRunResult result) =>
        result.Executed.Cells.Single(c => c.Id == "use").Outputs.Single().Text;

    [Fact]
    public void Declared_parameters_have_their_csharp_types_including_var()
    {
        var declared = ParameterInjector.Declared(Samples.Load("parameters.ipynb"));

        Assert.Equal(new Dictionary<string, string> { ["Epochs"] = "int", ["Lr"] = "double", ["DataDir"] = "string", ["Full"] = "bool" }, declared);
    }

    [Fact]
    public void Declarations_with_comments_expressions_and_several_variables_are_read()
    {
        var notebook = TestNotebooks.FromCode("int Epochs = 3;            // epochs\nint Threads = Environment.ProcessorCount;\nlong A = 1, B = 2;\nvar Big = 10L;\nvar Neg = -0.5;\nvar Name = $\"x{1}\";\nfloat F = 1f;");
        notebook.Cells[0].Metadata["tags"] = new System.Text.Json.Nodes.JsonArray("parameters");

        var declared = ParameterInjector.Declared(notebook);

        Assert.Equal(["int", "int", "long", "long", "long", "double", "string", "float"],
            new[] { "Epochs", "Threads", "A", "B", "Big", "Neg", "Name", "F" }.Select(n => declared[n]));
    }

    [Fact]
    public void Defaults_run_without_overrides()
    {
        var result = TestNotebooks.Run(Samples.Load("parameters.ipynb"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Epochs=3 Lr=0.1 DataDir= Full=False\n", StdoutOfUseCell(result));
        Assert.DoesNotContain(result.Executed.Cells, c => c.HasTag(ParameterInjector.InjectedTag));
    }

    [Fact]
    public void Overrides_are_injected_after_the_parameters_cell_as_typed_csharp()
    {
        var values = new Dictionary<string, string> { ["Epochs"] = "40", ["Lr"] = "1e-3", ["DataDir"] = "C:\\data \"x\"", ["Full"] = "true" };
        var result = TestNotebooks.Run(Samples.Load("parameters.ipynb"), new NotebookRunOptions { Parameters = values });

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Epochs=40 Lr=0.001 DataDir=C:\\data \"x\" Full=True\n", StdoutOfUseCell(result));
        var cells = result.Executed.Cells;
        int parameters = cells.FindIndex(c => c.HasTag(ParameterInjector.ParametersTag));
        var injected = cells[parameters + 1];
        Assert.True(injected.HasTag(ParameterInjector.InjectedTag));
        Assert.Contains("int Epochs = 40;", injected.Source, StringComparison.Ordinal);
        Assert.Contains("string DataDir = \"C:\\\\data \\\"x\\\"\";", injected.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Rerunning_an_executed_notebook_replaces_the_injected_cell()
    {
        var first = TestNotebooks.Run(Samples.Load("parameters.ipynb"), new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["Epochs"] = "5" } });
        var second = TestNotebooks.Run(first.Executed, new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["Epochs"] = "6" } });

        Assert.Single(second.Executed.Cells, c => c.HasTag(ParameterInjector.InjectedTag));
        Assert.StartsWith("Epochs=6 ", StdoutOfUseCell(second), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Epoch", "3", "Parameter 'Epoch' is not declared")]
    [InlineData("Epochs", "3.5", "Parameter 'Epochs' is declared int; '3.5' is not a whole number")]
    [InlineData("Lr", "fast", "Parameter 'Lr' is declared double; 'fast' is not a finite number")]
    [InlineData("Full", "yes", "Parameter 'Full' is declared bool; 'yes' is not true or false")]
    public void Bad_names_and_values_fail_before_anything_runs(string name, string value, string message)
    {
        var notebook = Samples.Load("parameters.ipynb");
        var options = new NotebookRunOptions { Parameters = new Dictionary<string, string> { [name] = value } };

        var e = Assert.Throws<ArgumentException>(() => TestNotebooks.Run(notebook, options));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notebook_without_a_parameters_cell_rejects_overrides()
    {
        var options = new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["Epochs"] = "1" } };

        var e = Assert.Throws<ArgumentException>(() => TestNotebooks.Run(Samples.Load("failing.ipynb"), options));

        Assert.Contains("has no cell tagged \"parameters\"", e.Message, StringComparison.Ordinal);
    }
}
