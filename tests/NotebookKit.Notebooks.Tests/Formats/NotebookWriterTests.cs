using System.Text;
using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Tests;

public sealed class NotebookWriterTests
{
    private static Notebook WithOutputs()
    {
        var notebook = Notebook.Create();
        var cell = new NotebookCell(CellType.Code, "line one\nline two <b>");
        cell.Outputs.Add(CellOutput.Stream("stdout", "a\nb\n"));
        cell.Outputs.Add(CellOutput.Display([new(MimeTypes.Plotly, JsonNode.Parse("{\"layout\":{\"b\":1,\"a\":2},\"data\":[]}")!), new(MimeTypes.Html, "<p>\nx</p>")]));
        cell.Outputs.Add(CellOutput.Result([new(MimeTypes.Text, "42")], 1));
        cell.Outputs.Add(CellOutput.Error("Error", "boom", ["line 1", "line 2"]));
        cell.ExecutionCount = 1;
        notebook.Cells.Add(new NotebookCell(CellType.Markdown, "# Title"));
        notebook.Cells.Add(cell);
        return notebook;
    }

    [Fact]
    public void Writes_one_space_indent_line_arrays_and_json_mime_types_as_objects()
    {
        string json = NotebookWriter.ToJson(WithOutputs());

        Assert.StartsWith("{\n \"cells\": [\n  {\n", json, StringComparison.Ordinal);
        Assert.Contains("\"source\": [\n    \"line one\\n\",\n    \"line two <b>\"\n   ]", json, StringComparison.Ordinal);
        var output = JsonNode.Parse(json)!["cells"]![1]!["outputs"]![1]!["data"]!;
        Assert.IsType<JsonObject>(output[MimeTypes.Plotly]);
        Assert.Equal("{\"data\":[],\"layout\":{\"a\":2,\"b\":1}}", output[MimeTypes.Plotly]!.ToJsonString());
        Assert.Equal(["<p>\n", "x</p>"], output[MimeTypes.Html]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_file_is_utf8_without_bom_and_schema_valid()
    {
        string path = Path.Combine(TestNotebooks.TempFolder(), "out.ipynb");

        NotebookWriter.Write(WithOutputs(), path);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(NotebookWriter.ToJson(Notebook.Load(path)), Encoding.UTF8.GetString(bytes));
        Assert.Null(TestNotebooks.NbformatErrors(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Missing_ids_are_deterministic_hex_and_existing_ids_are_kept()
    {
        var a = WithOutputs();
        var b = WithOutputs();
        a.Cells.Add(new NotebookCell(CellType.Code, "same", "keep-me"));
        a.Cells.Add(new NotebookCell(CellType.Code, "same", "keep-me"));

        NotebookWriter.AssignIds(a);
        NotebookWriter.AssignIds(b);

        Assert.Equal(b.Cells[0].Id, a.Cells[0].Id);
        Assert.Matches("^[0-9a-f]{8}$", a.Cells[0].Id!);
        Assert.NotEqual(a.Cells[0].Id, a.Cells[1].Id);
        Assert.Equal("keep-me", a.Cells[2].Id);
        Assert.NotEqual("keep-me", a.Cells[3].Id);
    }

    [Fact]
    public void Lines_keep_newlines_except_the_last()
    {
        Assert.Equal("[\"a\\n\",\"\\n\",\"b\"]", NotebookWriter.Lines("a\n\nb").ToJsonString());
        Assert.Equal("[\"a\\n\"]", NotebookWriter.Lines("a\n").ToJsonString());
        Assert.Equal("[]", NotebookWriter.Lines("").ToJsonString());
    }
}
