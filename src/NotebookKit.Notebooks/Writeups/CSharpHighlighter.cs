using System.Net;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NotebookKit.Notebooks.Writeups;

/// <summary>Escaped C# with keywords, strings, numbers, comments and directives wrapped in classed spans (from Roslyn's lexer).</summary>
internal static class CSharpHighlighter
{
    public static string ToHtml(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        var html = new Writer(new StringBuilder(code.Length * 2));
        foreach (var token in tree.GetRoot().DescendantTokens(descendIntoTrivia: true))
        {
            Trivia(html, token.LeadingTrivia);
            html.Append(token.ToString(), TokenClass(token));
            Trivia(html, token.TrailingTrivia);
        }

        return html.Finish();
    }

    private static void Trivia(Writer html, SyntaxTriviaList trivia)
    {
        foreach (var t in trivia)
        {
            if (t.HasStructure)
            {
                // Directives (#r, #!time) are structured trivia whose tokens are visited separately.
                continue;
            }

            string? css = t.Kind() switch
            {
                SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia
                    or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia => "c",
                SyntaxKind.ShebangDirectiveTrivia or SyntaxKind.PreprocessingMessageTrivia => "d",
                _ => null,
            };
            html.Append(t.ToFullString(), css);
        }
    }

    private static string? TokenClass(SyntaxToken token)
    {
        var kind = token.Kind();
        if (token.Parent is not null && token.Parent.IsKind(SyntaxKind.ShebangDirectiveTrivia) || token.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.DirectiveTriviaSyntax)
        {
            return "d";
        }

        if (SyntaxFacts.IsKeywordKind(kind) || (kind == SyntaxKind.IdentifierToken && token.Text is "var" or "await" or "async" or "record" or "init"))
        {
            return "k";
        }

        return kind switch
        {
            SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringStartToken
                or SyntaxKind.InterpolatedStringEndToken or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.InterpolatedRawStringEndToken
                or SyntaxKind.InterpolatedSingleLineRawStringStartToken or SyntaxKind.InterpolatedMultiLineRawStringStartToken
                or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken => "s",
            SyntaxKind.NumericLiteralToken => "n",
            _ => null,
        };
    }

    /// <summary>Joins adjacent text of one class into one span (a directive lexes as several tokens).</summary>
    private sealed class Writer(StringBuilder html)
    {
        private readonly StringBuilder pending = new();
        private string? pendingClass;

        public void Append(string text, string? css)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (css != pendingClass)
            {
                Flush();
                pendingClass = css;
            }

            pending.Append(text);
        }

        public string Finish()
        {
            Flush();
            return html.ToString();
        }

        private void Flush()
        {
            if (pending.Length == 0)
            {
                return;
            }

            string escaped = WebUtility.HtmlEncode(pending.ToString());
            _ = pendingClass is null ? html.Append(escaped) : html.Append("<span class=\"").Append(pendingClass).Append("\">").Append(escaped).Append("</span>");
            pending.Clear();
        }
    }
}
