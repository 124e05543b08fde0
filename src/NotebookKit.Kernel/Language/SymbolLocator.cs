using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// The symbol a front end asks about (Shift+Tab, the contextual help panel): the name the cursor is on or just
/// after; inside an argument list, the method being called (every overload when the call does not bind yet).
/// </summary>
internal static class SymbolLocator
{
    public static IReadOnlyList<ISymbol> At(SemanticModel model, SyntaxNode root, int cursor)
    {
        foreach (int position in new[] { cursor, cursor - 1 })
        {
            if (position < 0 || position >= root.FullSpan.End)
            {
                continue;
            }

            var token = root.FindToken(position);
            if (token.IsKind(SyntaxKind.IdentifierToken) || token.Parent is PredefinedTypeSyntax)
            {
                var found = Symbols(model, token.Parent!);
                if (found.Count > 0)
                {
                    return found;
                }
            }
        }

        // Inside f(…|…): the call's method.
        var call = root.FindToken(Math.Max(0, Math.Min(cursor, root.FullSpan.End) - 1)).Parent?
            .AncestorsAndSelf().OfType<ArgumentListSyntax>().FirstOrDefault()?.Parent;
        return call is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax ? Symbols(model, call) : [];
    }

    private static List<ISymbol> Symbols(SemanticModel model, SyntaxNode node)
    {
        if (model.GetDeclaredSymbol(node) is { } declared)
        {
            return [declared];
        }

        var info = model.GetSymbolInfo(node);
        if (info.Symbol is { } symbol)
        {
            return [symbol];
        }

        if (info.CandidateSymbols.Length > 0)
        {
            return [.. info.CandidateSymbols];
        }

        return model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } type ? [type] : [];
    }
}
