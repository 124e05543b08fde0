using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using NotebookKit.Files;
using NotebookKit.Plotting;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.Writeups;

/// <summary>
/// Renders a notebook as one offline HTML page: a header (parameters, date, git commit, .NET, machine, threads,
/// per-cell timings), a table of contents, markdown rendered with Markdig (headings anchored, <c>$...$</c> math kept
/// readable), code cells, and outputs (HTML as is, text escaped, images as data URIs, Plotly figures drawn by a
/// plotly.js inlined once per page, so the page works offline).
/// </summary>
public static class WriteupRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Renders an executed notebook with its run's parameters and timings, in this process's environment.</summary>
    public static string Render(NotebookRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Render(result.Executed, result.Parameters, RunEnvironment.Current(result.Executed.Directory, result.Started), result.Cells);
    }

    /// <summary>Renders a notebook (executed or not).</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="parameters">Parameter overrides to show in the header, if any.</param>
    /// <param name="environment">Date, commit and machine for the header; omitted when null.</param>
    /// <param name="cells">Per-cell results for the timings table; omitted when null.</param>
    public static string Render(Notebook notebook, IReadOnlyDictionary<string, string>? parameters = null,
        RunEnvironment? environment = null, IReadOnlyList<CellRunResult>? cells = null)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var ids = new HashSet<string>(StringComparer.Ordinal) { "contents", "run", "cell-timings" };
        var toc = new List<(int Level, string Id, string Text, string Html)>();
        var body = new StringBuilder();
        int figures = 0;
        bool math = false;
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            switch (cell.CellType)
            {
                case CellType.Markdown:
                    string prose = Markdown(cell.Source, ids, toc, cell.Attachments);
                    math |= prose.Contains("class=\"math", StringComparison.Ordinal);
                    body.Append("<section class=\"cell markdown\">\n").Append(prose).Append("</section>\n");
                    break;
                case CellType.Raw:
                    body.Append("<pre class=\"cell raw\">").Append(Escape(cell.Source)).Append("</pre>\n");
                    break;
                default:
                    string prompt = cell.ExecutionCount is { } n ? n.ToString(CultureInfo.InvariantCulture) : " ";
                    body.Append(CultureInfo.InvariantCulture, $"<section class=\"cell code\" id=\"cell-{i + 1}\">\n<div class=\"prompt\">In [{prompt}]:</div>\n");
                    body.Append("<pre class=\"source\"><code class=\"language-csharp\">").Append(CSharpHighlighter.ToHtml(cell.Source)).Append("</code></pre>\n");
                    foreach (var output in cell.Outputs)
                    {
                        string shown = Output(output, ids, toc, ref figures);
                        math |= output.OutputType != OutputType.Stream && shown.Contains("class=\"math", StringComparison.Ordinal);
                        body.Append(shown);
                    }

                    body.Append("</section>\n");
                    break;
            }
        }

        string title = toc.FirstOrDefault(h => h.Level == 1).Text ?? notebook.Name;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append("<title>").Append(Escape(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n");
        if (figures > 0 || math)
        {
            page.Append("<!-- Third-party code inlined once in this page so it works offline:\n");
            if (figures > 0)
            {
                page.Append(CultureInfo.InvariantCulture, $"plotly.js {PlotlyJs.Version} (npm plotly.js-dist-min):\n").Append(Comment(PlotlyJs.License)).Append('\n');
            }

            if (math)
            {
                page.Append(CultureInfo.InvariantCulture, $"KaTeX {KatexAssets.Version} (npm katex), fonts included:\n").Append(Comment(KatexAssets.License)).Append('\n');
            }

            page.Append("-->\n");
        }

        if (figures > 0)
        {
            // plotly.js once per page, not per figure.
            page.Append(CultureInfo.InvariantCulture, $"<script data-plotly-version=\"{PlotlyJs.Version}\">\n").Append(ScriptText(PlotlyJs.Script)).Append("\n</script>\n");
        }

        if (math)
        {
            // KaTeX once per page; its fonts are data URIs inside the stylesheet.
            page.Append(CultureInfo.InvariantCulture, $"<style data-katex-version=\"{KatexAssets.Version}\">\n").Append(KatexAssets.Style.Replace("</style", "<\\/style", StringComparison.OrdinalIgnoreCase)).Append("\n</style>\n");
            page.Append(CultureInfo.InvariantCulture, $"<script data-katex-version=\"{KatexAssets.Version}\">\n").Append(ScriptText(KatexAssets.Script)).Append("\n</script>\n");
        }

        page.Append("</head>\n<body>\n");
        page.Append(Header(notebook, parameters, environment, cells));
        page.Append("<nav class=\"toc\" id=\"contents\"><h2>Contents</h2>\n<ul>\n");
        foreach (var (level, id, _, html) in toc)
        {
            page.Append(CultureInfo.InvariantCulture, $"<li class=\"toc-h{level}\"><a href=\"#{Escape(id)}\">{html}</a></li>\n");
        }

        page.Append("</ul>\n</nav>\n<main>\n").Append(body).Append("</main>\n");
        if (cells is { Count: > 0 })
        {
            page.Append(Timings(cells));
        }

        if (math)
        {
            page.Append("<script>\n").Append(TypesetScript).Append("</script>\n");
        }

        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Writes the write-up of <paramref name="result"/> to <paramref name="path"/> (temp file + rename).</summary>
    public static void Write(NotebookRunResult result, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllText(path, Render(result));
    }

    private static string Header(Notebook notebook, IReadOnlyDictionary<string, string>? parameters, RunEnvironment? environment, IReadOnlyList<CellRunResult>? cells)
    {
        var h = new StringBuilder("<header id=\"run\">\n<p class=\"notebook-name\">");
        h.Append(Escape(notebook.Name)).Append(notebook.Path is null ? "" : ".ipynb").Append("</p>\n<table class=\"run-info\">\n");
        void Row(string name, string value) => h.Append("<tr><th>").Append(Escape(name)).Append("</th><td>").Append(Escape(value)).Append("</td></tr>\n");
        Row("Parameters", parameters is { Count: > 0 } ? string.Join(", ", parameters.Select(p => $"{p.Key} = {p.Value}")) : "(notebook defaults)");
        if (environment is not null)
        {
            Row("Date", environment.Date.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
            Row("Git commit", environment.GitCommit ?? "(not in a git repository)");
            Row(".NET", environment.DotNet);
            Row("Machine", environment.Machine);
            Row("Threads", environment.Threads.ToString(CultureInfo.InvariantCulture));
        }

        if (cells is not null)
        {
            var failed = cells.FirstOrDefault(c => c.Status == CellRunStatus.Failed);
            double total = cells.Sum(c => c.Duration.TotalSeconds);
            bool skipped = notebook.Metadata["nbkit"]?["status"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out string? status) && status == "skipped";
            Row("Result", failed is null ? "all cells succeeded"
                : skipped ? $"skipped at cell {Label(failed)}: its data cannot be had on this machine (see the cell's message)"
                : $"cell {Label(failed)} failed; later cells did not run");
            Row("Cell time", total.ToString("0.000", CultureInfo.InvariantCulture) + " s");
        }

        return h.Append("</table>\n</header>\n").ToString();
    }

    private static string Timings(IReadOnlyList<CellRunResult> cells)
    {
        var t = new StringBuilder("<section class=\"timings\">\n<h2 id=\"cell-timings\">Cell timings</h2>\n<table>\n<tr><th>Cell</th><th>Status</th><th>Seconds</th></tr>\n");
        foreach (var c in cells.Where(c => c.Status != CellRunStatus.NotCode))
        {
            t.Append(CultureInfo.InvariantCulture,
                $"<tr><td><a href=\"#cell-{c.Number}\">{Label(c)}</a></td><td>{c.Status}</td><td>{c.Duration.TotalSeconds:0.000}</td></tr>\n");
        }

        return t.Append("</table>\n</section>\n").ToString();
    }

    /// <summary>A cell as the reader sees it: its <c>In [n]</c> number, or "not run".</summary>
    private static string Label(CellRunResult cell) =>
        cell.ExecutionCount is { } n ? n.ToString(CultureInfo.InvariantCulture) : "(not run)";

    /// <summary>The failure once (the summary naming the cell, wrapped), its details folded away: compiler diagnostics,
    /// or the stack trace.</summary>
    private static string Error(CellOutput output)
    {
        var traceback = output.Traceback;
        bool named = traceback.Count > 0 && traceback[0].StartsWith("Cell ", StringComparison.Ordinal);
        string summary = named ? traceback[0] : $"{output.ErrorName}: {output.ErrorValue}";
        var details = named ? traceback.Skip(1).ToList() : [.. traceback];
        var html = new StringBuilder("<div class=\"output error\">\n<p class=\"error-summary\">").Append(Escape(summary)).Append("</p>\n");
        if (details.Count > 0)
        {
            string title = output.ErrorName == "CompilationError" ? "Every diagnostic" : "Stack trace";
            html.Append("<details><summary>").Append(title).Append("</summary><pre>").Append(Escape(string.Join("\n", details))).Append("</pre></details>\n");
        }

        return html.Append("</div>\n").ToString();
    }

    private static string Output(CellOutput output, HashSet<string> ids, List<(int, string, string, string)> toc, ref int figures)
    {
        switch (output.OutputType)
        {
            case OutputType.Stream:
                return $"<pre class=\"output stream {Escape(output.Name ?? "stdout")}\">{Escape(output.Text)}</pre>\n";
            case OutputType.Error:
                return Error(output);
        }

        if (PngFallbacks.IsFallback(output))
        {
            // The interactive figure just above draws the same chart; the PNG exists for static viewers of the .ipynb.
            return "";
        }

        if (output.Data.TryGetValue(MimeTypes.Plotly, out object? figure))
        {
            figures++;
            string json = (figure as JsonNode)?.ToJsonString() ?? (string)figure;
            string id = string.Create(CultureInfo.InvariantCulture, $"figure-{figures}");
            // The kit's figures are responsive (they fill their container), so the container needs a height:
            // the layout's, else plotly.js's default of 450 px. Without one the chart collapses to a sliver.
            int height = FigureHeight(figure as JsonNode ?? JsonNode.Parse(json));
            return $"<div class=\"output figure\"><div class=\"plotly-figure\" id=\"{id}\" style=\"height:{height.ToString(CultureInfo.InvariantCulture)}px\"></div><script>(function () {{\n" +
                   $"var fig = {json.Replace("</", "<\\/", StringComparison.Ordinal)};\nvar el = document.getElementById(\"{id}\");\n" +
                   // A figure of fixed width (a confusion matrix) wider than the column is drawn at the column's width.
                   "var layout = fig.layout || {};\n" +
                   "if (layout.width > el.clientWidth && el.clientWidth > 0) { layout = Object.assign({}, layout, { width: el.clientWidth }); }\n" +
                   "if (window.Plotly) { window.Plotly.newPlot(el, fig.data || [], layout, fig.config || {}); }\n" +
                   "else { el.innerHTML = '<p class=\"note\">plotly.js did not load, so this figure cannot be drawn; its JSON is in the executed .ipynb.</p>'; }\n" +
                   "})();</script></div>\n";
        }

        if (output.TextOf(MimeTypes.Html) is { } html)
        {
            return $"<div class=\"output html\">{html}</div>\n";
        }

        if (output.TextOf(MimeTypes.Png) is { } png)
        {
            return $"<div class=\"output image\"><img alt=\"output image\" src=\"data:image/png;base64,{Escape(png.Replace("\n", "", StringComparison.Ordinal))}\"></div>\n";
        }

        if (output.TextOf(MimeTypes.Svg) is { } svg)
        {
            return $"<div class=\"output image\">{svg}</div>\n";
        }

        if (output.TextOf(MimeTypes.Markdown) is { } markdown)
        {
            return $"<div class=\"output markdown\">{Markdown(markdown, ids, toc: null)}</div>\n";
        }

        string text = output.TextOf(MimeTypes.Text) ?? string.Join(", ", output.Data.Keys);
        return $"<pre class=\"output text\">{Escape(text)}</pre>\n";
    }

    private static string Markdown(string source, HashSet<string> ids, List<(int, string, string, string)>? toc, JsonObject? attachments = null)
    {
        var document = Markdig.Markdown.Parse(source, Pipeline);
        if (attachments is not null)
        {
            // ![alt](attachment:name.png) shows the cell's attachment inline, as Jupyter does.
            foreach (var link in document.Descendants<LinkInline>())
            {
                if (link.Url is { } url && url.StartsWith("attachment:", StringComparison.Ordinal)
                    && attachments[url["attachment:".Length..]] is JsonObject bundle && bundle.FirstOrDefault() is { Value: JsonValue data } first
                    && data.TryGetValue(out string? base64))
                {
                    link.Url = $"data:{first.Key};base64,{base64.Replace("\n", "", StringComparison.Ordinal)}";
                }
            }
        }

        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var attributes = heading.GetAttributes();
            string id = attributes.Id is { Length: > 0 } existing ? existing : "section";
            string unique = id;
            for (int n = 1; !ids.Add(unique); n++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{id}-{n}");
            }

            attributes.Id = unique;
            toc?.Add((heading.Level, unique, PlainText(heading.Inline), InlineHtml(heading.Inline)));
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlMathInlineRenderer>(new ReadableMathInlineRenderer());
        renderer.ObjectRenderers.Replace<HtmlMathBlockRenderer>(new ReadableMathBlockRenderer());
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    private static string PlainText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var node in inline.Descendants())
        {
            switch (node)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case MathInline math:
                    // Plain text (the page title): the TeX source without its delimiters.
                    text.Append(math.Content.ToString());
                    break;
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>A heading's text as HTML for the table of contents: math stays math (typeset by KaTeX), code stays code.</summary>
    private static string InlineHtml(ContainerInline? inline)
    {
        if (inline is null)
        {
            return "";
        }

        var html = new StringBuilder();
        foreach (var node in inline.Descendants())
        {
            switch (node)
            {
                case LiteralInline literal:
                    html.Append(Escape(literal.Content.ToString()));
                    break;
                case CodeInline code:
                    html.Append("<code>").Append(Escape(code.Content)).Append("</code>");
                    break;
                case MathInline math:
                    html.Append(WriteupMath.Inline(math.Content.ToString()));
                    break;
            }
        }

        return html.ToString().Trim();
    }

    private static string Comment(string text) => text.Replace("--", "- -", StringComparison.Ordinal);

    private static string ScriptText(string script) => script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    /// <summary>Typesets every <c>data-tex</c> element with KaTeX; a formula KaTeX cannot parse shows in red, not as a script error.</summary>
    private const string TypesetScript = """
        (function () {
          if (!window.katex) { return; }
          document.querySelectorAll(".math[data-tex]").forEach(function (el) {
            window.katex.render(el.getAttribute("data-tex"), el, {
              displayMode: el.classList.contains("display"), throwOnError: false, output: "htmlAndMathml"
            });
          });
        })();

        """;

    private static int FigureHeight(JsonNode? figure) =>
        figure?["layout"]?["height"] is JsonValue v && v.TryGetValue(out double h) && h >= 10 && h <= 10_000 ? (int)h : 450;

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    // The page never scrolls sideways: code, output and long words wrap, wide tables shrink to the column, and a display
    // formula wider than the column (a narrow window or a phone) scrolls inside its own box, as KaTeX's documentation
    // suggests; the lessons break their formulas so none needs to at a notebook editor's width.
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 980px; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; overflow-wrap: break-word; }
        header { border-bottom: 1px solid #d0d7de; margin-bottom: 1rem; }
        .notebook-name { color: #57606a; font-family: ui-monospace, monospace; margin: 0; }
        table { border-collapse: collapse; margin: 0.5rem 0; max-width: 100%; }
        th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.6rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        .run-info th { background: #f6f8fa; white-space: nowrap; }
        nav.toc { background: #f6f8fa; padding: 0.5rem 1rem; border-radius: 6px; }
        nav.toc h2 { font-size: 1rem; margin: 0.2rem 0; }
        nav.toc ul { list-style: none; padding-left: 0; margin: 0; }
        .toc-h2 { padding-left: 1rem; } .toc-h3 { padding-left: 2rem; } .toc-h4, .toc-h5, .toc-h6 { padding-left: 3rem; }
        .cell { margin: 1rem 0; }
        .prompt { color: #57606a; font-family: ui-monospace, monospace; font-size: 0.85rem; }
        pre { background: #f6f8fa; padding: 0.6rem; border-radius: 6px; font-size: 0.85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        code { overflow-wrap: anywhere; }
        pre.source { border-left: 3px solid #0969da; }
        pre.output { background: #fff; border: 1px solid #d0d7de; }
        pre.stderr { background: #fff8c5; }
        div.error { background: #ffebe9; border: 1px solid #ff8182; border-radius: 6px; padding: 0.6rem; margin: 0.5rem 0; }
        .error-summary { margin: 0; font-family: ui-monospace, monospace; font-size: 0.85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        div.error details { margin-top: 0.4rem; } div.error summary { cursor: pointer; color: #57606a; font-size: 0.85rem; }
        div.error details pre { background: #fff; margin: 0.3rem 0 0; }
        code .k { color: #cf222e; } code .s { color: #0a3069; } code .n { color: #0550ae; } code .c { color: #6e7781; font-style: italic; } code .d { color: #8250df; }
        div.math.display { margin: 0.5rem 0; white-space: pre-wrap; }
        .katex { font-size: 1.1em; }
        .katex-display { margin: 0.5rem 0; overflow-x: auto; overflow-y: hidden; padding: 0.1rem 0; }
        .output.html, .output.markdown { max-width: 100%; }
        .output img, .output svg { max-width: 100%; height: auto; }
        .note { color: #9a6700; font-style: italic; }
        .plotly-figure { min-height: 1rem; width: 100%; }
        """;
}
