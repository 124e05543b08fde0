namespace NotebookKit.Notebooks.Tests;

public sealed class WriteupRendererTests
{
    private static readonly Lazy<string> Html = new(() =>
    {
        var result = TestNotebooks.Run(Samples.Load("conventions.ipynb"));
        Assert.True(result.Succeeded, result.Error);
        return WriteupRenderer.Render(result);
    });

    [Fact]
    public void Has_a_table_of_contents_linking_anchored_headings()
    {
        Assert.Contains("<nav class=\"toc\" id=\"contents\">", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#conventions\">Conventions</a>", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<h1 id=\"conventions\">Conventions</h1>", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#the-end\">The end</a>", Html.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_names_parameters_environment_and_cell_timings()
    {
        Assert.Contains("<th>Parameters</th><td>(notebook defaults)</td>", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<th>.NET</th><td>.NET ", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<th>Threads</th><td>" + Environment.ProcessorCount + "</td>", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<th>Git commit</th>", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"cell-timings\">Cell timings</h2>", Html.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Timing_rows_are_numbered_like_the_In_labels_of_the_cells_they_link_to()
    {
        var rows = System.Text.RegularExpressions.Regex.Matches(Html.Value.Split("id=\"cell-timings\"")[1], "<a href=\"#(cell-\\d+)\">(\\d+)</a>");
        Assert.Equal(5, rows.Count);
        foreach (System.Text.RegularExpressions.Match row in rows)
        {
            string section = Html.Value.Split($"id=\"{row.Groups[1].Value}\"")[1];
            Assert.StartsWith($">\n<div class=\"prompt\">In [{row.Groups[2].Value}]:</div>", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Code_is_highlighted_without_losing_text()
    {
        Assert.Contains("<span class=\"k\">var</span> answer = <span class=\"n\">6</span> * <span class=\"n\">7</span>;", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<span class=\"d\">#r", Html.Value, StringComparison.Ordinal);
        string code = "// why\nint x = 1; /* note */\nvar s = $\"{x} <b>\";\n#!time\nx";
        string text = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(
            WriteupRenderer.Render(TestNotebooks.FromCode(code)).Split("<code class=\"language-csharp\">")[1].Split("</code>")[0], "<[^>]+>", ""));
        Assert.Equal(code, text);
    }

    [Fact]
    public void Math_is_marked_for_katex_which_is_inlined_once_with_its_licence()
    {
        Assert.Contains("<span class=\"math\" data-tex=\"\\eta_t = \\eta_0 \\gamma^t\">$\\eta_t = \\eta_0 \\gamma^t$</span>", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<span class=\"math display\" data-tex=\"\\eta_t = \\eta_{min} + \\tfrac{1}{2}", Html.Value, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(Html.Value, "<script data-katex-version=\"" + KatexAssets.Version + "\">"));
        Assert.Contains("KaTeX " + KatexAssets.Version + " (npm katex)", Html.Value, StringComparison.Ordinal);
        Assert.Contains("Khan Academy", KatexAssets.License, StringComparison.Ordinal);
        Assert.Contains(KatexAssets.License.Split('\n')[0], Html.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("url(fonts/", KatexAssets.Style, StringComparison.Ordinal);
        Assert.DoesNotContain("data-katex-version", WriteupRenderer.Render(TestNotebooks.FromCode("1 + 1")), StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_with_math_keep_it_as_math_in_the_contents_and_plain_tex_in_the_title()
    {
        var notebook = Notebook.Create();
        notebook.Cells.Add(new NotebookCell(CellType.Markdown, "# Decay with $F = 0.5$\n\nText."));
        string html = WriteupRenderer.Render(notebook);
        Assert.Contains("<title>Decay with F = 0.5</title>", html, StringComparison.Ordinal);
        Assert.Contains(">Decay with <span class=\"math\" data-tex=\"F = 0.5\">$F = 0.5$</span></a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_and_text_are_escaped_and_html_outputs_are_kept()
    {
        Assert.Contains("display(HTML(<span class=\"s\">&quot;&lt;b&gt;bold&lt;/b&gt;&quot;</span>));", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<div class=\"output html\"><b>bold</b></div>", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<pre class=\"output stream stderr\">hello from stderr\n</pre>", Html.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_from_any_formatter_draw_with_the_inlined_plotly()
    {
        Assert.Contains("window.Plotly.newPlot(el", Html.Value, StringComparison.Ordinal);
        Assert.Contains("<script data-plotly-version=", Html.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_and_failures_appear_in_the_header()
    {
        var result = TestNotebooks.Run(Samples.Load("parameters.ipynb"), new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["Epochs"] = "9" } });
        string html = WriteupRenderer.Render(result);
        Assert.Contains("<th>Parameters</th><td>Epochs = 9</td>", html, StringComparison.Ordinal);

        string failed = WriteupRenderer.Render(TestNotebooks.Run(Samples.Load("failing.ipynb")));
        Assert.Contains("cell 2 failed; later cells did not run", failed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_cell_shows_its_message_once_with_the_stack_trace_folded_away()
    {
        string failed = WriteupRenderer.Render(TestNotebooks.Run(Samples.Load("failing.ipynb")));

        string error = failed.Split("<div class=\"output error\">")[1].Split("</div>")[0];
        Assert.StartsWith("\n<p class=\"error-summary\">Cell 2 failed: InvalidOperationException: the learning rate must be positive</p>", error, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error, "the learning rate must be positive"));
        Assert.Contains("<details><summary>Stack trace</summary><pre>   at Submission#", error, StringComparison.Ordinal);
        Assert.Contains(".error-summary { margin: 0; font-family: ui-monospace, monospace; font-size: 0.85rem; white-space: pre-wrap;", failed, StringComparison.Ordinal);
    }
}
