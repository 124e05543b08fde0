namespace NotebookKit.Notebooks.Tests;

/// <summary><c>nbkit convert</c> as a user runs it: files and folders in, the converted files out, <c>--check</c> for CI.</summary>
public sealed class ConvertCommandTests
{
    [Fact]
    public void Converts_a_notebook_to_cs_and_back_to_the_same_notebook()
    {
        string work = TestNotebooks.TempFolder();
        File.Copy(Samples.PathOf("odd-metadata.ipynb"), Path.Combine(work, "odd.ipynb"));

        var toCs = Nbkit.Run(work, "convert", "odd.ipynb", "--to", "cs", "--out", "lesson/");
        Assert.True(toCs.ExitCode == 0, toCs.Stdout + toCs.Stderr);
        Assert.Equal("1 written, 0 unchanged", toCs.LastLine);
        var toIpynb = Nbkit.Run(work, "convert", "lesson/odd.cs", "--to", "ipynb", "--out", "back.ipynb");
        Assert.True(toIpynb.ExitCode == 0, toIpynb.Stdout + toIpynb.Stderr);

        Assert.Equal(NotebookWriter.ToJson(Notebook.Load(Path.Combine(work, "odd.ipynb"))), File.ReadAllText(Path.Combine(work, "back.ipynb")));
        Assert.Null(TestNotebooks.NbformatErrors(Path.Combine(work, "back.ipynb")));
    }

    [Fact]
    public void Check_names_the_stale_output_and_exits_non_zero_without_writing()
    {
        string work = TestNotebooks.TempFolder();
        Directory.CreateDirectory(Path.Combine(work, "lessons"));
        File.Copy(Samples.PathOf("sample.dib"), Path.Combine(work, "lessons", "sample.dib"));
        Assert.Equal(0, Nbkit.Run(work, "convert", "lessons", "--to", "ipynb", "--out", "notebooks/").ExitCode);
        Assert.Equal("1 up to date, 0 out of date", Nbkit.Run(work, "convert", "lessons", "--to", "ipynb", "--out", "notebooks/", "--check").LastLine);

        File.AppendAllText(Path.Combine(work, "lessons", "sample.dib"), "\n#!csharp\n\nvar added = 2;\n");
        string before = File.ReadAllText(Path.Combine(work, "notebooks", "sample.ipynb"));
        var check = Nbkit.Run(work, "convert", "lessons", "--to", "ipynb", "--out", "notebooks/", "--check");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"out of date: {Path.Combine("notebooks/", "sample.ipynb")}", check.Stdout, StringComparison.Ordinal);
        Assert.Equal("0 up to date, 1 out of date", check.LastLine);
        Assert.Equal(before, File.ReadAllText(Path.Combine(work, "notebooks", "sample.ipynb")));
    }

    [Fact]
    public void Outputs_are_noted_when_the_target_cannot_keep_them_and_dropped_with_clean()
    {
        string work = TestNotebooks.TempFolder();
        string executed = Path.Combine(work, "executed.ipynb");
        var notebook = Samples.Load("parameters.ipynb");
        notebook.Cells[^1].Outputs.Add(CellOutput.Stream("stdout", "hello\n"));
        NotebookWriter.Write(notebook, executed);

        var plain = Nbkit.Run(work, "convert", "executed.ipynb", "--to", "dib");
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("note: executed.ipynb: 1 cell(s) have outputs or execution counts, which .dib does not keep.", plain.Stderr, StringComparison.Ordinal);

        var clean = Nbkit.Run(work, "convert", "executed.ipynb", "--to", "dib", "--clean");
        Assert.Equal(0, clean.ExitCode);
        Assert.DoesNotContain("note:", clean.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "convert", "missing.ipynb", "--to", "cs" }, "Notebook or folder 'missing.ipynb' does not exist.")]
    [InlineData(new[] { "convert", "n.ipynb", "--to", "py" }, "'py' is not a notebook format; use ipynb, dib or cs.")]
    [InlineData(new[] { "convert", "n.ipynb", "--to", "cs", "--out", "x.ipynb" }, "--out 'x.ipynb' does not end in .cs")]
    [InlineData(new[] { "convert", "bad.cs", "--to", "ipynb" }, "bad.cs:2: every line of a markdown or raw cell starts with '// '")]
    public void Bad_input_gives_one_error_line_and_a_non_zero_exit(string[] args, string message)
    {
        string work = TestNotebooks.TempFolder();
        File.Copy(Samples.PathOf("parameters.ipynb"), Path.Combine(work, "n.ipynb"));
        File.WriteAllText(Path.Combine(work, "bad.cs"), "// %% [markdown]\nnot a comment\n");

        var run = Nbkit.Run(work, args);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }
}
