using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Papermill's convention for C#: the cell tagged <c>parameters</c> holds defaults (<c>int Epochs = 3;</c>); overrides
/// go into a cell tagged <c>injected-parameters</c> inserted right after it, as typed C# (<c>int Epochs = 40;</c>).
/// </summary>
public static class ParameterInjector
{
    /// <summary>The tag of the cell that declares the parameters.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell the runner inserts with the overrides.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>The parameters a notebook declares: name to C# type keyword (<c>int</c>, <c>double</c>, <c>string</c>, ...).</summary>
    /// <exception cref="ArgumentException">The notebook has no parameters cell.</exception>
    public static IReadOnlyDictionary<string, string> Declared(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var cell = notebook.Cells.FirstOrDefault(c => c.CellType == CellType.Code && c.HasTag(ParametersTag))
            ?? throw new ArgumentException($"Notebook '{notebook.Name}' has no cell tagged \"{ParametersTag}\", so -p values cannot be applied.", nameof(notebook));
        return Parse(cell.Source);
    }

    /// <summary>
    /// Inserts (or replaces) the injected-parameters cell. Every name must be declared in the parameters cell and every
    /// value must parse as the declared type; otherwise nothing changes and the message names the parameter.
    /// </summary>
    /// <param name="notebook">The notebook to change.</param>
    /// <param name="values">Name to value as the user wrote it (<c>Epochs</c> → <c>"40"</c>).</param>
    /// <exception cref="ArgumentException">Unknown name, unparsable value, or no parameters cell.</exception>
    public static void Inject(Notebook notebook, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return;
        }

        var declared = Declared(notebook);
        var code = new StringBuilder("// Parameters injected by nbkit run (papermill convention)\n");
        foreach (var (name, value) in values)
        {
            if (!declared.TryGetValue(name, out string? type))
            {
                throw new ArgumentException(
                    $"Parameter '{name}' is not declared in the parameters cell of '{notebook.Name}' (declared: {string.Join(", ", declared.Keys)}).", nameof(values));
            }

            code.Append(CultureInfo.InvariantCulture, $"{type} {name} = {Literal(name, type, value)};\n");
        }

        notebook.Cells.RemoveAll(c => c.HasTag(InjectedTag));
        int at = notebook.Cells.FindIndex(c => c.CellType == CellType.Code && c.HasTag(ParametersTag));
        var injected = new NotebookCell(CellType.Code, code.ToString().TrimEnd('\n'), InjectedTag);
        injected.Metadata["tags"] = new JsonArray(InjectedTag);
        notebook.Cells.Insert(at + 1, injected);
    }

    /// <summary>Finds top-level declarations (<c>int Epochs = 3;</c>, <c>var Lr = 0.1;</c>) and their C# types.</summary>
    internal static Dictionary<string, string> Parse(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(kind: SourceCodeKind.Script));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in tree.GetRoot().ChildNodes().SelectMany(Declarations))
        {
            string written = declaration.Type.ToString();
            foreach (var variable in declaration.Variables)
            {
                result[variable.Identifier.Text] = written == "var" ? Infer(variable.Initializer?.Value) : Canonical(written);
            }
        }

        return result;
    }

    private static IEnumerable<VariableDeclarationSyntax> Declarations(SyntaxNode node) => node switch
    {
        FieldDeclarationSyntax field => [field.Declaration],
        GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } => [local.Declaration],
        _ => [],
    };

    private static string Canonical(string type) => type switch
    {
        "Int32" or "System.Int32" => "int",
        "Int64" or "System.Int64" => "long",
        "Double" or "System.Double" => "double",
        "Single" or "System.Single" => "float",
        "Decimal" or "System.Decimal" => "decimal",
        "Boolean" or "System.Boolean" => "bool",
        "String" or "System.String" => "string",
        _ => type,
    };

    private static string Infer(ExpressionSyntax? value)
    {
        if (value is PrefixUnaryExpressionSyntax { OperatorToken.Text: "-" or "+" } signed)
        {
            value = signed.Operand;
        }

        return value switch
        {
            LiteralExpressionSyntax { Token.Value: int } => "int",
            LiteralExpressionSyntax { Token.Value: long } => "long",
            LiteralExpressionSyntax { Token.Value: double } => "double",
            LiteralExpressionSyntax { Token.Value: float } => "float",
            LiteralExpressionSyntax { Token.Value: decimal } => "decimal",
            LiteralExpressionSyntax { Token.Value: bool } => "bool",
            LiteralExpressionSyntax { Token.Value: string } or InterpolatedStringExpressionSyntax => "string",
            _ => "var",
        };
    }

    internal static string Literal(string name, string type, string value)
    {
        var inv = CultureInfo.InvariantCulture;
        string Bad(string what) => throw new ArgumentException($"Parameter '{name}' is declared {type}; '{value}' is not {what}.", nameof(value));
        string v = value.Trim();
        return type switch
        {
            "int" => int.TryParse(v, NumberStyles.Integer, inv, out int i) ? i.ToString(inv) : Bad("a whole number in the int range"),
            "long" => long.TryParse(v, NumberStyles.Integer, inv, out long l) ? l.ToString(inv) + "L" : Bad("a whole number in the long range"),
            "double" => double.TryParse(v, NumberStyles.Float, inv, out double d) && double.IsFinite(d) ? d.ToString("R", inv) + "d" : Bad("a finite number (write 0.1, 1e-3)"),
            "float" => float.TryParse(v, NumberStyles.Float, inv, out float f) && float.IsFinite(f) ? f.ToString("R", inv) + "f" : Bad("a finite number"),
            "decimal" => decimal.TryParse(v, NumberStyles.Float, inv, out decimal m) ? m.ToString(inv) + "m" : Bad("a decimal number"),
            "bool" => bool.TryParse(v, out bool b) ? (b ? "true" : "false") : Bad("true or false"),
            "string" => SymbolDisplay.FormatLiteral(value, quote: true),
            "var" => throw new ArgumentException($"Parameter '{name}' is declared with var and an initializer whose type cannot be read; declare it as int, long, double, float, decimal, bool or string.", nameof(value)),
            _ => throw new ArgumentException($"Parameter '{name}' has type {type}; -p supports int, long, double, float, decimal, bool and string parameters.", nameof(value)),
        };
    }
}
