using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Rewrites a compiled cell so a timeout or an interrupt stops it even when it never awaits: a
/// <see cref="CellCancellation.Check"/> at the top of every loop body, a <see cref="CellCancellation.Enter"/> at the top of
/// every method, local function, accessor and lambda, <c>Thread.Sleep</c>, <c>Task.Delay</c>, <c>task.Wait()</c> and
/// <c>task.Result</c> routed through their cancellable versions, and every awaited task wrapped so the await gives up.
/// </summary>
/// <remarks>
/// The rewrite is a set of text insertions that never add or remove a line break, so compiler positions and stack-trace
/// lines stay those of the cell as written. It needs the semantic model (is a lambda void? is this <c>Sleep</c> the
/// thread's?), so it runs on a cell that already compiled; if the woven text does not compile, the engine runs the cell as
/// written (then only the worker restart can stop it). Not woven: lambdas converted to expression trees, ref-returning
/// expression bodies, backward <c>goto</c> loops, and code outside the cell (the library honours the ambient token itself).
/// </remarks>
internal static class CancellationWeaver
{
    private const string Api = "global::NotebookKit.Notebooks.Execution.CellCancellation.";

    /// <summary>The cell's code with the checks woven in, or the original text when there is nothing to weave.</summary>
    /// <param name="compilation">The compilation of the cell's submission (no errors).</param>
    public static string Weave(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Last();
        var text = tree.GetText().ToString();
        var model = compilation.GetSemanticModel(tree);
        var edits = new Edits(text);
        var root = tree.GetRoot();
        var expressionTrees = new List<TextSpanRange>();
        foreach (var node in root.DescendantNodes())
        {
            if (expressionTrees.Any(r => r.Contains(node.SpanStart)))
            {
                continue;
            }

            int depth = node.Ancestors().Count();
            switch (node)
            {
                case WhileStatementSyntax loop:
                    LoopBody(edits, loop.Statement, depth);
                    break;
                case DoStatementSyntax loop:
                    LoopBody(edits, loop.Statement, depth);
                    break;
                case ForStatementSyntax loop:
                    LoopBody(edits, loop.Statement, depth);
                    break;
                case CommonForEachStatementSyntax loop:
                    LoopBody(edits, loop.Statement, depth);
                    break;
                case BaseMethodDeclarationSyntax method:
                    MemberBody(edits, model, method, method.Body, method.ExpressionBody, method.SemicolonToken, depth);
                    break;
                case LocalFunctionStatementSyntax local:
                    MemberBody(edits, model, local, local.Body, local.ExpressionBody, local.SemicolonToken, depth);
                    break;
                case AccessorDeclarationSyntax accessor:
                    MemberBody(edits, model, accessor, accessor.Body, accessor.ExpressionBody, accessor.SemicolonToken, depth);
                    break;
                case BasePropertyDeclarationSyntax property when ExpressionBodyOf(property) is { } arrow:
                    // `int P => expr;` is a getter.
                    if (model.GetDeclaredSymbol(property) is IPropertySymbol { ReturnsByRef: false, ReturnsByRefReadonly: false })
                    {
                        GuardExpression(edits, arrow.Expression, depth);
                    }

                    break;
                case AnonymousFunctionExpressionSyntax lambda:
                    if (IsExpressionTree(model, lambda))
                    {
                        expressionTrees.Add(new TextSpanRange(lambda.SpanStart, lambda.Span.End));
                        break;
                    }

                    Lambda(edits, model, lambda, depth);
                    break;
                case InvocationExpressionSyntax invocation:
                    Invocation(edits, model, invocation, depth);
                    break;
                case MemberAccessExpressionSyntax access when access.Name.Identifier.Text == "Result" && IsTaskResult(model, access):
                    edits.Insert(access.Expression.SpanStart, Api + "Result(", depth, closing: false);
                    edits.Replace(access.Expression.Span.End, access.Span.End, ")");
                    break;
                case AwaitExpressionSyntax awaited when IsTaskLike(model.GetTypeInfo(awaited.Expression).Type):
                    edits.Insert(awaited.Expression.SpanStart, Api + "Cancellable(", depth, closing: false);
                    edits.Insert(awaited.Expression.Span.End, ")", depth, closing: true);
                    break;
            }
        }

        return edits.Apply() ?? text;
    }

    private static void LoopBody(Edits edits, StatementSyntax body, int depth)
    {
        if (body is BlockSyntax block)
        {
            edits.Insert(block.OpenBraceToken.Span.End, Api + "Check();", depth, closing: false);
        }
        else
        {
            edits.Insert(body.SpanStart, "{" + Api + "Check();", depth, closing: false);
            edits.Insert(body.Span.End, "}", depth, closing: true);
        }
    }

    private static void MemberBody(Edits edits, SemanticModel model, SyntaxNode member, BlockSyntax? body, ArrowExpressionClauseSyntax? arrow,
        SyntaxToken semicolon, int depth)
    {
        if (body is not null)
        {
            edits.Insert(body.OpenBraceToken.Span.End, Api + "Enter();", depth, closing: false);
            return;
        }

        if (arrow is null || model.GetDeclaredSymbol(member) is not IMethodSymbol method || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return;
        }

        if (IsVoidLike(method))
        {
            // `void F() => Call();` becomes `void F() {Enter(); Call();}`: a void expression body is a statement expression.
            if (semicolon.IsMissing)
            {
                return;
            }

            edits.Replace(arrow.ArrowToken.SpanStart, arrow.ArrowToken.Span.End, "{" + Api + "Enter();");
            edits.Insert(semicolon.Span.End, "}", depth, closing: true);
        }
        else
        {
            GuardExpression(edits, arrow.Expression, depth);
        }
    }

    private static void Lambda(Edits edits, SemanticModel model, AnonymousFunctionExpressionSyntax lambda, int depth)
    {
        if (lambda.Block is { } block)
        {
            edits.Insert(block.OpenBraceToken.Span.End, Api + "Enter();", depth, closing: false);
            return;
        }

        if (lambda.ExpressionBody is not { } body || model.GetSymbolInfo(lambda).Symbol is not IMethodSymbol method
            || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return;
        }

        if (IsVoidLike(method))
        {
            edits.Insert(body.SpanStart, "{" + Api + "Enter();", depth, closing: false);
            edits.Insert(body.Span.End, ";}", depth, closing: true);
        }
        else
        {
            GuardExpression(edits, body, depth);
        }
    }

    /// <summary><c>expr</c> becomes <c>Enter() ? (expr) : default</c>, which keeps the expression's type (or takes the target's).</summary>
    private static void GuardExpression(Edits edits, ExpressionSyntax expression, int depth)
    {
        // A throw expression may be a conditional's operand but not parenthesized.
        bool parenthesize = expression is not ThrowExpressionSyntax;
        edits.Insert(expression.SpanStart, Api + "Enter() ? " + (parenthesize ? "(" : ""), depth, closing: false);
        edits.Insert(expression.Span.End, (parenthesize ? ")" : "") + " : default", depth, closing: true);
    }

    private static void Invocation(Edits edits, SemanticModel model, InvocationExpressionSyntax invocation, int depth)
    {
        if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return;
        }

        string type = method.ContainingType?.ToDisplayString() ?? "";
        int parameters = method.Parameters.Length;
        bool takesToken = method.Parameters.Any(p => p.Type.ToDisplayString() == "System.Threading.CancellationToken");
        switch (method.Name)
        {
            case "Sleep" when type == "System.Threading.Thread" && method.IsStatic:
                edits.Replace(invocation.Expression.SpanStart, invocation.Expression.Span.End, Api + "Sleep");
                break;
            case "Delay" when type == "System.Threading.Tasks.Task" && parameters == 1:
                edits.Replace(invocation.Expression.SpanStart, invocation.Expression.Span.End, Api + "Delay");
                break;
            case "Wait" when type == "System.Threading.Tasks.Task" && !method.IsStatic && !takesToken && parameters <= 1
                                && invocation.Expression is MemberAccessExpressionSyntax access:
                // task.Wait(args) becomes Wait(task, args): the receiver keeps its own (possibly woven) text.
                edits.Insert(access.Expression.SpanStart, Api + "Wait(", depth, closing: false);
                edits.Replace(access.Expression.Span.End, invocation.ArgumentList.OpenParenToken.Span.End, parameters == 0 ? "" : ", ");
                break;
        }
    }

    private static bool IsTaskResult(SemanticModel model, MemberAccessExpressionSyntax access) =>
        model.GetSymbolInfo(access).Symbol is IPropertySymbol { Name: "Result", ContainingType: { } type }
        && type.OriginalDefinition.ToDisplayString() == "System.Threading.Tasks.Task<TResult>";

    private static bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && named.OriginalDefinition.ToDisplayString() is "System.Threading.Tasks.Task"
            or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask<TResult>";

    /// <summary>Void, or an async method whose task carries no value (its body is a statement, not a returned value).</summary>
    private static bool IsVoidLike(IMethodSymbol method) =>
        method.ReturnsVoid
        || method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.Destructor
        || (method.IsAsync && method.ReturnType.ToDisplayString() is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask");

    private static bool IsExpressionTree(SemanticModel model, AnonymousFunctionExpressionSyntax lambda) =>
        model.GetTypeInfo(lambda).ConvertedType is INamedTypeSymbol { Name: "Expression" } type
        && type.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions";

    private static ArrowExpressionClauseSyntax? ExpressionBodyOf(BasePropertyDeclarationSyntax property) => property switch
    {
        PropertyDeclarationSyntax p => p.ExpressionBody,
        IndexerDeclarationSyntax i => i.ExpressionBody,
        _ => null,
    };

    private readonly record struct TextSpanRange(int Start, int End)
    {
        public bool Contains(int position) => position >= Start && position < End;
    }

    /// <summary>Insertions and replacements on the cell's text, applied in one pass.</summary>
    private sealed class Edits(string text)
    {
        private readonly List<(int Position, string Text, int Depth, bool Closing)> insertions = [];
        private readonly List<(int Start, int End, string Text)> replacements = [];

        public void Insert(int position, string value, int depth, bool closing) => insertions.Add((position, value, depth, closing));

        /// <summary>Replaces [start, end); the line breaks of the replaced text are kept so no line moves.</summary>
        public void Replace(int start, int end, string value)
        {
            int breaks = text.AsSpan(start, end - start).Count('\n');
            replacements.Add((start, end, value + new string('\n', breaks)));
        }

        /// <summary>The edited text, or null when there was nothing to do or two replacements overlapped.</summary>
        public string? Apply()
        {
            if (insertions.Count == 0 && replacements.Count == 0)
            {
                return null;
            }

            var ordered = replacements.OrderBy(r => r.Start).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Start < ordered[i - 1].End)
                {
                    return null;
                }
            }

            var at = insertions.ToLookup(i => i.Position);
            var positions = insertions.Select(i => i.Position).Concat(ordered.Select(r => r.Start)).Distinct().Order().ToList();
            var result = new StringBuilder(text.Length + (insertions.Count * 48));
            int cursor = 0;
            int next = 0;
            foreach (int position in positions)
            {
                if (position < cursor)
                {
                    // Inside a replaced span: nothing is woven into the few tokens a replacement covers.
                    continue;
                }

                result.Append(text, cursor, position - cursor);
                // Constructs ending here close innermost first; constructs starting here open outermost first.
                foreach (var closing in at[position].Where(i => i.Closing).OrderByDescending(i => i.Depth))
                {
                    result.Append(closing.Text);
                }

                foreach (var opening in at[position].Where(i => !i.Closing).OrderBy(i => i.Depth))
                {
                    result.Append(opening.Text);
                }

                cursor = position;
                while (next < ordered.Count && ordered[next].Start < position)
                {
                    next++;
                }

                if (next < ordered.Count && ordered[next].Start == position)
                {
                    result.Append(ordered[next].Text);
                    cursor = ordered[next].End;
                    next++;
                }
            }

            result.Append(text, cursor, text.Length - cursor);
            return result.ToString();
        }
    }
}
