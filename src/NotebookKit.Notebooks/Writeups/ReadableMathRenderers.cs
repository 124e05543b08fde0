using System.Net;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace NotebookKit.Notebooks.Writeups;

/// <summary>Writes <c>$...$</c> math back as written (escaped), so an offline page shows readable TeX, not <c>\(...\)</c>.</summary>
internal sealed class ReadableMathInlineRenderer : HtmlObjectRenderer<MathInline>
{
    protected override void Write(HtmlRenderer renderer, MathInline obj)
    {
        string fence = new(obj.Delimiter, obj.DelimiterCount);
        renderer.Write("<span class=\"math\">").Write(WebUtility.HtmlEncode(fence + obj.Content.ToString() + fence)).Write("</span>");
    }
}

/// <summary>Writes a <c>$$</c> math block back as written (escaped) in a block element.</summary>
internal sealed class ReadableMathBlockRenderer : HtmlObjectRenderer<MathBlock>
{
    protected override void Write(HtmlRenderer renderer, MathBlock obj)
    {
        string body = string.Join("\n", obj.Lines.Lines.Take(obj.Lines.Count).Select(l => l.ToString()));
        renderer.EnsureLine();
        renderer.Write("<div class=\"math\">").Write(WebUtility.HtmlEncode("$$\n" + body + "\n$$")).Write("</div>");
        renderer.EnsureLine();
    }
}
