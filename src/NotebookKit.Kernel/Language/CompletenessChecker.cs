using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// <c>is_complete_request</c>: a console front end asks whether to run what was typed or to read another line.
/// Roslyn decides, as the C# interactive window does: an unfinished submission (an open brace, an unterminated
/// string) is <c>incomplete</c>; a finished one with syntax errors is <c>invalid</c> (run it to show them).
/// </summary>
internal static class CompletenessChecker
{
    private static readonly CSharpParseOptions ScriptOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    public static JsonObject Check(string code)
    {
        string text = CellText.BlankMagics(code, out _);
        var tree = CSharpSyntaxTree.ParseText(text, ScriptOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
        {
            return new JsonObject { ["status"] = "incomplete", ["indent"] = Indent(text) };
        }

        bool invalid = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        return new JsonObject { ["status"] = invalid ? "invalid" : "complete" };
    }

    /// <summary>The next line's indent: the last line's, plus four spaces after an opening brace.</summary>
    private static string Indent(string text)
    {
        string last = text.TrimEnd('\n', '\r').Split('\n')[^1];
        string indent = last[..(last.Length - last.TrimStart(' ', '\t').Length)];
        return last.TrimEnd().EndsWith('{') ? indent + "    " : indent;
    }
}
