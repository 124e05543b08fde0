using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// What the reader and the writer of the <c>.cs</c> percent format share: the cell marker, the magic escaping, the
/// default cell metadata and ids.
/// </summary>
/// <remarks>
/// Jupytext's percent format for C#: <c>// %%</c> opens a code cell, <c>// %% [markdown]</c> a markdown cell whose
/// lines are <c>// </c> comments, <c>// %% [raw]</c> a raw cell; options follow as <c>key=JSON</c>
/// (<c>tags=["parameters"]</c>). A kernel magic in a code cell (<c>#r</c>, <c>#i</c>, <c>#!time</c>) is commented out
/// (<c>// #!time</c>) so the file stays C#, and a line that is already a commented magic gets one more <c>// </c>
/// (Jupytext's escaping), so both directions are exact.
/// </remarks>
internal static partial class PercentSyntax
{
    /// <summary>Option names that are cell fields, not metadata keys.</summary>
    public const string IdOption = "id";

    /// <summary>nbformat's markdown/raw cell attachments.</summary>
    public const string AttachmentsOption = "attachments";

    /// <summary>Blank lines at the start and end of a source, which blank lines between cells would otherwise absorb.</summary>
    public const string BlankLinesOption = "blank_lines";

    /// <summary>The whole metadata object, used when a key cannot be written as an option of its own.</summary>
    public const string MetadataOption = "metadata";

    /// <summary>The header line that carries notebook metadata other than the .NET C# defaults.</summary>
    public const string NotebookMetadataPrefix = "// jupyter: ";

    /// <summary>Lines around the notebook metadata (Jupytext's header fence).</summary>
    public const string HeaderFence = "// ---";

    /// <summary>A cell marker: <c>// %%</c> then, optionally, a space and the kind and options.</summary>
    [GeneratedRegex(@"^// %%(?:\s+(.*))?$")]
    public static partial Regex Marker();

    /// <summary>
    /// A code line written with one more <c>// </c> in a .cs file: a kernel magic (<c>#r</c>, <c>#i</c>, <c>#!</c>,
    /// <c>#:</c>), which is not C#, or a comment that would read as a cell marker (<c>// %%</c>), possibly already
    /// commented out any number of times.
    /// </summary>
    [GeneratedRegex(@"^\s*(// |//)*(#!|#r\s|#i\s|#:|// %%)")]
    public static partial Regex Escaped();

    /// <summary>An option name that needs no quoting.</summary>
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$")]
    public static partial Regex OptionName();

    /// <summary>The code-cell metadata every C# cell gets; not written as options when it is exactly this.</summary>
    public static bool IsDefaultKernelMetadata(JsonObject metadata) =>
        metadata["dotnet_interactive"] is JsonObject di && di.Count == 1 && Text(di["language"]) == "csharp"
        && metadata["polyglot_notebook"] is JsonObject pn && pn.Count == 1 && Text(pn["kernelName"]) == "csharp";

    /// <summary>Splits a source into its blank lines at the start, the lines between and its blank lines at the end.</summary>
    /// <remarks>A blank line is empty or whitespace only; whitespace on blank edge lines is not kept.</remarks>
    public static (int Leading, List<string> Body, int Trailing) SplitEdges(string source)
    {
        if (source.Length == 0)
        {
            return (0, [], 0);
        }

        var lines = source.Split('\n').ToList();
        int leading = 0;
        while (leading < lines.Count && lines[leading].Trim().Length == 0)
        {
            leading++;
        }

        int trailing = 0;
        while (trailing < lines.Count - leading && lines[^(trailing + 1)].Trim().Length == 0)
        {
            trailing++;
        }

        return (leading, lines.GetRange(leading, lines.Count - leading - trailing), trailing);
    }

    /// <summary>The inverse of <see cref="SplitEdges"/>.</summary>
    public static string JoinEdges(int leading, IEnumerable<string> body, int trailing) =>
        string.Join('\n', Enumerable.Repeat("", leading).Concat(body).Concat(Enumerable.Repeat("", trailing)));

    /// <summary>The id a cell gets when the source names none: 8 hex digits of sha1("NAME/INDEX").</summary>
    public static string DerivedId(string name, int index) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{name}/{index}")))[..8];

    /// <summary>Compact JSON for an option value (relaxed escaping, so text stays readable).</summary>
    public static string Json(JsonNode? node) => node?.ToJsonString(CompactOptions) ?? "null";

    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
