using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// The text of an <c>inspect_reply</c>: each symbol's C# signature, then its XML documentation (summary, parameters,
/// returns; remarks at detail level 1), as plain text and as Markdown.
/// </summary>
internal static class SymbolDocumentation
{
    private const int MaxOverloads = 8;

    private static readonly SymbolDisplayFormat Signature = SymbolDisplayFormat.MinimallyQualifiedFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeType
            | SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeModifiers)
        .WithParameterOptions(SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName
            | SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut)
        .WithKindOptions(SymbolDisplayKindOptions.IncludeTypeKeyword | SymbolDisplayKindOptions.IncludeNamespaceKeyword)
        .WithGenericsOptions(SymbolDisplayGenericsOptions.IncludeTypeParameters);

    public static (string Plain, string Markdown) Describe(IReadOnlyList<ISymbol> symbols, int detailLevel)
    {
        var plain = new StringBuilder();
        var markdown = new StringBuilder();
        foreach (var symbol in symbols.Take(MaxOverloads))
        {
            if (plain.Length > 0)
            {
                plain.Append("\n\n");
                markdown.Append("\n\n---\n\n");
            }

            string signature = Display(symbol);
            plain.Append(signature);
            markdown.Append("```csharp\n").Append(signature).Append("\n```");
            foreach (var (heading, text) in Documentation(symbol, detailLevel))
            {
                plain.Append('\n').Append(heading is null ? text : $"{heading}: {text}");
                markdown.Append("\n\n").Append(heading is null ? text : $"**{heading}**: {text}");
            }
        }

        if (symbols.Count > MaxOverloads)
        {
            string more = $"(+{symbols.Count - MaxOverloads} more overloads)";
            plain.Append("\n\n").Append(more);
            markdown.Append("\n\n").Append(more);
        }

        return (plain.ToString(), markdown.ToString());
    }

    private static string Display(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => $"{local.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {local.Name}",
        IFieldSymbol { ContainingType.IsScriptClass: true } field => $"{field.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} {field.Name}",
        _ => symbol.ToDisplayString(Signature),
    };

    private static IEnumerable<(string? Heading, string Text)> Documentation(ISymbol symbol, int detailLevel)
    {
        string? xml = (symbol is IMethodSymbol { ReducedFrom: { } original } ? original : symbol).GetDocumentationCommentXml(expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml))
        {
            yield break;
        }

        XElement doc;
        try
        {
            doc = XElement.Parse(xml);
        }
        catch (System.Xml.XmlException)
        {
            yield break;
        }

        if (Text(doc.Element("summary")) is { Length: > 0 } summary)
        {
            yield return (null, summary);
        }

        foreach (var parameter in doc.Elements("param"))
        {
            yield return ((string?)parameter.Attribute("name"), Text(parameter));
        }

        if (Text(doc.Element("returns")) is { Length: > 0 } returns)
        {
            yield return ("Returns", returns);
        }

        if (detailLevel > 0 && Text(doc.Element("remarks")) is { Length: > 0 } remarks)
        {
            yield return ("Remarks", remarks);
        }

        foreach (var exception in doc.Elements("exception"))
        {
            string type = ((string?)exception.Attribute("cref") ?? "").Split(':')[^1];
            yield return ($"Throws {type}", Text(exception));
        }
    }

    /// <summary>Doc-comment XML as one line of text: <c>&lt;see cref="T:System.Int32"/&gt;</c> becomes <c>Int32</c>.</summary>
    private static string Text(XElement? element)
    {
        if (element is null)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e => ((string?)e.Attribute("cref"))?.Split(':')[^1].Split('.')[^1]
                    ?? (string?)e.Attribute("langword") ?? (string?)e.Attribute("href") ?? e.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => (string?)e.Attribute("name") ?? "",
                XElement e => Text(e),
                _ => "",
            });
        }

        return string.Join(' ', text.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
