using System.Text.RegularExpressions;
using NotebookKit.Notebooks.Formats;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Reads the .NET kernel magics of a cell (§2.3): kernel choosers (<c>#!csharp</c>, <c>#!c#</c>, <c>#!markdown</c>),
/// <c>#!time</c>, <c>#r</c> and <c>#i</c>. <c>#r "nuget: NotebookKit"</c> and a <c>#r</c> of a path ending in NotebookKit.dll
/// map to the library the runner has loaded, so one first cell works in VS Code and here.
/// </summary>
internal static partial class CellPreprocessor
{
    /// <summary>The package id that maps to the locally built library.</summary>
    public const string LibraryPackage = "NotebookKit";

    public static PreparedCell Prepare(string source, string cellKernel)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        string kernel = cellKernel;
        bool timed = false, usesLibrary = false;
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first >= 0 && Magic().Match(lines[first]) is { Success: true } chooser && IsKernel(chooser.Groups[1].Value))
        {
            // The chooser magic beats the metadata (test kernel_chooser_magic_takes_precedence_over_metadata_language).
            kernel = KernelMetadata.Normalize(chooser.Groups[1].Value);
            lines[first] = "";
        }

        if (kernel == "markdown")
        {
            return new PreparedCell(CellKind.Markdown, string.Join('\n', lines), false, false, null);
        }

        if (kernel != "csharp")
        {
            return Fail($"it uses the '{kernel}' kernel; the runner executes C# only (#!csharp).");
        }

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (Magic().Match(line) is { Success: true } magic)
            {
                string name = magic.Groups[1].Value;
                if (name == "time")
                {
                    timed = true;
                    lines[i] = "";
                    continue;
                }

                return Fail(IsKernel(name)
                    ? $"line {i + 1} switches to the '{name}' kernel; the runner executes C# only and cannot mix kernels in a cell."
                    : $"line {i + 1} uses the magic command '#!{name}', which the runner does not support (supported: #!csharp, #!c#, #!markdown, #!time, #r, #i).");
            }

            if (Directive().Match(line) is { Success: true } directive)
            {
                string verb = directive.Groups[1].Value, argument = directive.Groups[2].Value.Trim();
                if (argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                {
                    if (verb == "i")
                    {
                        // A package source: nothing to restore here, the library comes from this build.
                        lines[i] = "";
                        continue;
                    }

                    string package = argument["nuget:".Length..].Split(',')[0].Trim();
                    if (!package.Equals(LibraryPackage, StringComparison.OrdinalIgnoreCase))
                    {
                        return Fail($"line {i + 1} asks for the NuGet package '{package}'; the runner resolves only '{LibraryPackage}' (to the library it has loaded). Reference other assemblies with #r \"path/to.dll\".");
                    }

                    usesLibrary = true;
                    lines[i] = "";
                }
                else if (verb == "i")
                {
                    lines[i] = "";
                }
                else if (Path.GetFileName(argument).Equals(LibraryPackage + ".dll", StringComparison.OrdinalIgnoreCase))
                {
                    // Never load a second copy of the library next to the runner's own.
                    usesLibrary = true;
                    lines[i] = "";
                }
            }
        }

        string code = string.Join('\n', lines);
        return new PreparedCell(code.Trim().Length == 0 ? CellKind.Empty : CellKind.CSharp, code, timed, usesLibrary, null);

        PreparedCell Fail(string why) => new(CellKind.CSharp, source, false, false, why);
    }

    private static bool IsKernel(string name) => name is "csharp" or "c#" or "C#" or "cs" or "fsharp" or "f#" or "F#" or "pwsh"
        or "powershell" or "markdown" or "md" or "javascript" or "js" or "html" or "sql" or "kql" or "mermaid" or "value" or "http";

    [GeneratedRegex(@"^#!(\S+)")]
    private static partial Regex Magic();

    [GeneratedRegex("^#(r|i)\\s+\"([^\"]*)\"\\s*$")]
    private static partial Regex Directive();
}
