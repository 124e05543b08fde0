using System.Net;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace NotebookKit.Notebooks.Writeups;

/// <summary>
/// Writes <c>$...$</c> math as <c>&lt;span class="math" data-tex="..."&gt;</c> for the page's KaTeX to typeset; the TeX
/// stays inside as the fallback text where scripts do not run.
/// </summary>
internal sealed class ReadableMathInlineRenderer : HtmlObjectRenderer<MathInline>
{
    protected override void Write(HtmlRenderer renderer, MathInline obj)
    {
        string tex = obj.Content.ToString();
        string fence = new(obj.Delimiter, obj.DelimiterCount);
        renderer.Write(WriteupMath.Inline(tex, fence));
    }
}

/// <summary>Writes a <c>$$</c> math block as <c>&lt;div class="math display" data-tex="..."&gt;</c>.</summary>
internal sealed class ReadableMathBlockRenderer : HtmlObjectRenderer<MathBlock>
{
    protected override void Write(HtmlRenderer renderer, MathBlock obj)
    {
        string tex = string.Join("\n", obj.Lines.Lines.Take(obj.Lines.Count).Select(l => l.ToString()));
        renderer.EnsureLine();
        renderer.Write("<div class=\"math display\" data-tex=\"").Write(WebUtility.HtmlEncode(tex)).Write("\">")
            .Write(WebUtility.HtmlEncode("$$\n" + tex + "\n$$")).Write("</div>");
        renderer.EnsureLine();
    }
}

/// <summary>The math markup shared by the prose and the table of contents.</summary>
internal static class WriteupMath
{
    /// <summary>Inline math; <c>$$...$$</c> inside a paragraph is display math (KaTeX's display mode), as in Jupyter.</summary>
    public static string Inline(string tex, string fence = "$") =>
        $"<span class=\"{(fence.Length == 2 ? "math display" : "math")}\" data-tex=\"{WebUtility.HtmlEncode(tex)}\">{WebUtility.HtmlEncode(fence + tex + fence)}</span>";
}
