using NotebookKit.Notebooks.Formats;

namespace NotebookKit.Notebooks.Tests.Formats;

/// <summary>
/// The lesson sources build the committed notebooks, and every conversion (.ipynb ↔ .cs, .ipynb ↔ .dib) keeps every
/// cell, id, tag, metadata key and attachment, for the lessons and for notebooks with odd metadata.
/// </summary>
public sealed class NotebookConverterTests
{
    public static TheoryData<string> Lessons => [.. Repository.Lessons];

    public static TheoryData<string> SampleNotebooks =>
        [.. Directory.GetFiles(Samples.Folder).Where(f => f.EndsWith(".ipynb", StringComparison.Ordinal) || f.EndsWith(".dib", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_source_builds_its_committed_notebook(string name)
    {
        var lesson = Notebook.Load(LessonPath(name));
        string built = NotebookConverter.ToText(lesson, NotebookFormat.Ipynb, name);
        string committed = File.ReadAllText(NotebookPath(name));
        Assert.True(built == committed,
            $"notebooks/{name}.ipynb differs from lessons/{name}.cs. Rebuild: nbkit convert lessons --to ipynb --out notebooks/ " +
            $"(or carry a VS Code edit back: nbkit convert notebooks/{name}.ipynb --to cs --out lessons/ --clean). First difference: {FirstDifference(committed, built)}");
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_source_is_in_canonical_form(string name)
    {
        // The generated parts (header, the file-app parameters region) must match the cells, e.g. after a new parameter.
        string source = File.ReadAllText(LessonPath(name));
        string canonical = NotebookConverter.ToText(Notebook.ParsePercent(source, name), NotebookFormat.Cs, name);
        Assert.True(canonical == source,
            $"lessons/{name}.cs is not in canonical form (run: nbkit convert lessons/{name}.cs --to cs). First difference: {FirstDifference(source, canonical)}");
    }

    [Theory]
    [MemberData(nameof(Lessons))]
    public void Lesson_notebook_round_trips_through_cs_and_dib(string name)
    {
        string committed = File.ReadAllText(NotebookPath(name));
        AssertRoundTrip(committed, NotebookFormat.Cs, name);
        AssertRoundTrip(committed, NotebookFormat.Dib, name);
    }

    [Theory]
    [MemberData(nameof(SampleNotebooks))]
    public void Sample_with_outputs_stripped_round_trips_through_cs_and_dib(string file)
    {
        var notebook = Samples.Load(file);
        NotebookStripper.Strip(notebook);
        string canonical = NotebookWriter.ToJson(notebook);
        string name = Path.GetFileNameWithoutExtension(file);
        AssertRoundTrip(canonical, NotebookFormat.Cs, name);
        AssertRoundTrip(canonical, NotebookFormat.Dib, name);
        // A different target name changes the derived ids, so they must be written out explicitly.
        AssertRoundTrip(canonical, NotebookFormat.Cs, "renamed");
    }

    [Fact]
    public void Odd_metadata_attachments_and_magics_are_written_where_a_reader_finds_them()
    {
        var notebook = Samples.Load("odd-metadata.ipynb");
        string cs = NotebookConverter.ToText(notebook, NotebookFormat.Cs, "odd-metadata");
        var lines = cs.Split('\n');

        Assert.Equal("// ---", lines[0]);
        Assert.StartsWith("// jupyter: {", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Odd\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("#:package NotebookKit@0.1.0", lines);
        Assert.Contains(lines, l => l.StartsWith("// %% [markdown] tags=[\"intro\",\"keep me\"] editable=false slideshow={\"slide_type\":\"slide\"} id=\"6f1c2b8e-3a5d-4c7e-9b1a-2d4e6f8a0b1c\" attachments={\"chart.png\"", StringComparison.Ordinal));
        Assert.Contains("// ![chart](attachment:chart.png)  ", lines);   // markdown's trailing two spaces (a line break) kept
        Assert.Contains("//     indented code in markdown", lines);
        Assert.Contains("// #i \"nuget: /tmp/packages\"", lines);       // no file-app spelling: stays, commented out
        Assert.Contains("// #!time", lines);
        Assert.Contains("// // #r \"already commented\"", lines);        // Jupytext's escaping of an escaped magic
        Assert.Contains("// //#!also commented", lines);
        Assert.Contains("// %% vscode={\"languageId\":\"polyglot-notebook\"} id=\"setup\"", lines);
        Assert.Contains(lines, l => l.StartsWith("// %% metadata={", StringComparison.Ordinal) && l.Contains("\"odd key\"", StringComparison.Ordinal));
        Assert.Contains("// %% [raw] format=\"text/x-rst\" id=\"raw1\"", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("#region", StringComparison.Ordinal)); // no file-app host: no parameters region

        var back = Notebook.ParsePercent(cs, "odd-metadata");
        Assert.Equal(notebook.Cells.Select(c => (c.CellType, c.Id, c.Source)), back.Cells.Select(c => (c.CellType, c.Id, c.Source)));
        Assert.Equal("fsharp", (string?)back.Cells[3].Metadata["polyglot_notebook"]!["kernelName"]);
        Assert.Equal(["intro", "keep me"], back.Cells[0].Tags);
        Assert.NotNull(back.Cells[0].Attachments!["chart.png"]!["image/png"]);
        Assert.Equal("A. Teacher", (string?)back.Metadata["authors"]![0]!["name"]);
    }

    [Fact]
    public void Header_project_becomes_the_first_reference_and_the_host_stays_out_of_the_notebook()
    {
        const string Lesson = """
            #:project ../src/NotebookKit/NotebookKit.csproj
            #:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
            #:property WarningLevel=4
            using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

            // %% [markdown]
            // # Title

            // %%
            using NotebookKit.Schedules;

            // %% tags=["parameters"]
            int Epochs = 3;
            string Name = "x";

            """;
        var notebook = Notebook.ParsePercent(Lesson, "lesson");
        Assert.Equal("#r \"../src/NotebookKit/bin/Release/net8.0/NotebookKit.dll\"\nusing NotebookKit.Schedules;", notebook.Cells[1].Source);
        Assert.Equal(PercentSyntax.DerivedId("lesson", 1), notebook.Cells[1].Id);
        Assert.Equal(["parameters"], notebook.Cells[2].Tags);

        // Written back: the header again (without the file-app-only property), and the generated parameters region.
        string written = NotebookConverter.ToText(notebook, NotebookFormat.Cs, "lesson");
        Assert.StartsWith("""
            #:project ../src/NotebookKit/NotebookKit.csproj
            #:project ../src/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj
            #:property PublishAot=false
            using static NotebookKit.Notebooks.FileApps.FileAppGlobals;

            // %% [markdown]
            """.ReplaceLineEndings("\n"), written, StringComparison.Ordinal);
        Assert.EndsWith("""
            // %% tags=["parameters"]
            int Epochs = 3;
            string Name = "x";
            #region file-app: parameters from the command line, `dotnet run lesson.cs -- Epochs=VALUE` (generated; not in the notebook)
            Epochs = Parameter(nameof(Epochs), Epochs);
            Name = Parameter(nameof(Name), Name);
            #endregion

            """.ReplaceLineEndings("\n"), written, StringComparison.Ordinal);

        // The region never reaches the notebook.
        Assert.Equal("int Epochs = 3;\nstring Name = \"x\";", Notebook.ParsePercent(written, "lesson").Cells[2].Source);
    }

    [Theory]
    [InlineData("// %%\nint x = 1;\n// %% tags=parameters\nint y;\n", "x.cs:3", "tags")]
    [InlineData("// %% [markdown]\n// fine\nnot a comment\n", "x.cs:3", "starts with '// '")]
    [InlineData("// %% title words\nint x;\n", "x.cs:1", "cannot read 'title words'")]
    [InlineData("var x = 1;\n// %%\nint y;\n", "x.cs:1", "put 'var x = 1;' in a cell")]
    [InlineData("int x = 1;\n", "x.cs", "has no cell")]
    [InlineData("// ---\n// jupyter: {\"a\": \n// ---\n// %%\nint x;\n", "x.cs:2", "not valid JSON")]
    [InlineData("// %%\n#region file-app: x\nint y = 1;\n", "x.cs:1", "has no #endregion")]
    [InlineData("#:project ../lib/Lib.dll\n// %%\nint y = 1;\n", "x.cs:1", "must name a .csproj")]
    public void Bad_lesson_source_names_the_line_and_the_rule(string text, string where, string rule)
    {
        var e = Assert.Throws<InvalidDataException>(() => Notebook.ParsePercent(text, "x"));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_that_read_as_cell_separators_are_escaped_and_come_back()
    {
        var notebook = Notebook.Create();
        notebook.Cells.Add(new NotebookCell(CellType.Markdown, "%% intro"));
        notebook.Cells.Add(new NotebookCell(CellType.Code, "#!csharp\nint x = 1;\n// %% not a new cell\n// // %% nor this\n#!fsharp"));
        string cs = NotebookConverter.ToText(notebook, NotebookFormat.Cs, "n");
        Assert.Contains("\n//%% intro\n", cs, StringComparison.Ordinal);
        Assert.Contains("\n// // %% not a new cell\n// // // %% nor this\n", cs, StringComparison.Ordinal);
        Assert.Equal(notebook.Cells.Select(c => c.Source), Notebook.ParsePercent(cs, "n").Cells.Select(c => c.Source));

        string dib = NotebookConverter.ToText(notebook, NotebookFormat.Dib, "n");
        var back = Notebook.ParseDib(dib);
        Assert.Equal(2, back.Cells.Count);
        Assert.Equal(notebook.Cells[1].Source, back.Cells[1].Source);
    }

    [Fact]
    public void A_dib_edited_by_hand_keeps_its_cells_when_the_recorded_ids_no_longer_match()
    {
        var notebook = Samples.Load("odd-metadata.ipynb");
        string dib = NotebookConverter.ToText(notebook, NotebookFormat.Dib, "odd");
        var back = Notebook.ParseDib(dib + "\n#!csharp\n\nvar added = 1;\n");
        Assert.Equal(notebook.Cells.Count + 1, back.Cells.Count);
        Assert.Equal("var added = 1;", back.Cells[^1].Source);
        Assert.Null(back.Cells[0].Id); // the description no longer fits: ids fall back to the writer's
    }

    private static void AssertRoundTrip(string canonicalIpynb, NotebookFormat via, string name)
    {
        var notebook = Notebook.ParseIpynb(canonicalIpynb);
        string text = NotebookConverter.ToText(notebook, via, name);
        var back = via == NotebookFormat.Cs ? Notebook.ParsePercent(text, name) : Notebook.ParseDib(text);
        string again = NotebookConverter.ToText(back, NotebookFormat.Ipynb, name);
        Assert.True(again == canonicalIpynb, $"{name}: .ipynb -> {via} -> .ipynb changed the notebook. First difference: {FirstDifference(canonicalIpynb, again)}\n{via} text:\n{text}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(end)", y = i < b.Length ? b[i] : "(end)";
            if (x != y)
            {
                return $"line {i + 1}: expected '{x}', got '{y}'";
            }
        }

        return "none";
    }

    private static string LessonPath(string name) => Path.Combine(Repository.Root, "lessons", name + ".cs");

    private static string NotebookPath(string name) => Path.Combine(Repository.Root, "notebooks", name + ".ipynb");
}
