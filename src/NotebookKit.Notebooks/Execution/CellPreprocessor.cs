using System.Text.RegularExpressions;
using NotebookKit.Notebooks.Formats;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Reads the .NET kernel magics of a cell: kernel choosers (<c>#!csharp</c>, <c>#!c#</c>, <c>#!markdown</c>),
/// <c>#!time</c>, <c>#r</c> and <c>#i</c>. <c>#r "nuget: NotebookKit"</c> and a <c>#r</c> of a path ending in NotebookKit.dll
/// map to the library the runner has loaded, so one first cell works in VS Code and here. A NuGet reference maps only
/// when it asks for the version the runner was built with (or none, or a wildcard that matches it), and the cell says
/// so in its output; another version is an error that names both, since a notebook passing here would then load
/// something else in VS Code.
/// </summary>
internal static partial class CellPreprocessor
{
    /// <summary>The package id that maps to the locally built library.</summary>
    public const string LibraryPackage = "NotebookKit";

    /// <summary>The NotebookKit version the runner loads (its package version, without build metadata).</summary>
    public static string LibraryVersion { get; } = PackageVersion(CellEngine.LibraryAssembly);

    public static PreparedCell Prepare(string source, string cellKernel)
    {
        string? note = null;
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

                    var parts = argument["nuget:".Length..].Split(',', 2);
                    string package = parts[0].Trim();
                    if (!package.Equals(LibraryPackage, StringComparison.OrdinalIgnoreCase))
                    {
                        return Fail($"line {i + 1} asks for the NuGet package '{package}'; the runner resolves only '{LibraryPackage}' (to the library it has loaded). Reference other assemblies with #r \"path/to.dll\".");
                    }

                    string? wanted = parts.Length > 1 ? parts[1].Trim() : null;
                    if (wanted is { Length: > 0 } && !VersionMatches(wanted, LibraryVersion))
                    {
                        return Fail($"line {i + 1} asks for {LibraryPackage} {wanted}, but this runner has {LibraryPackage} {LibraryVersion} (the version it was built with) and loads no other. Ask for {LibraryVersion} (#r \"nuget: {LibraryPackage}, {LibraryVersion}\"), or run the notebook with an nbkit of version {wanted}.");
                    }

                    note = $"#r \"nuget: {LibraryPackage}{(wanted is { Length: > 0 } ? ", " + wanted : "")}\": using {LibraryPackage} {LibraryVersion}, the library this runner was built with (no package was restored).";
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

        // Only a blank cell is skipped (as nbclient skips it). A cell holding only magics or references still runs, as in
        // the kernel: it gets an In [n] number, `#!time` its wall time, a library `#r` its note and the reference later
        // cells' usings need.
        var kind = source.Trim().Length == 0 ? CellKind.Empty : CellKind.CSharp;
        return new PreparedCell(kind, code, timed, usesLibrary, null) { Note = note };

        PreparedCell Fail(string why) => new(CellKind.CSharp, source, false, false, why);
    }

    /// <summary>
    /// True when a NuGet version request (<c>1.2.3</c>, <c>1.2.*</c>, <c>*</c>, or a range such as <c>[1.2.3]</c>,
    /// <c>[1.0,2.0)</c>) admits <paramref name="version"/>.
    /// </summary>
    internal static bool VersionMatches(string wanted, string version)
    {
        string w = wanted.Trim();
        if (w == "*")
        {
            return true;
        }

        if (w.EndsWith('*'))
        {
            return version.StartsWith(w[..^1], StringComparison.OrdinalIgnoreCase);
        }

        if (w.StartsWith('[') || w.StartsWith('('))
        {
            var bounds = w[1..^1].Split(',');
            if (!Version.TryParse(Core(version), out var v))
            {
                return false;
            }

            if (bounds.Length == 1)
            {
                return w.StartsWith('[') && w.EndsWith(']') && Equal(bounds[0], version);
            }

            bool lowOk = bounds[0].Trim().Length == 0 || (Version.TryParse(Core(bounds[0]), out var low) && (w.StartsWith('[') ? v >= low : v > low));
            bool highOk = bounds[1].Trim().Length == 0 || (Version.TryParse(Core(bounds[1]), out var high) && (w.EndsWith(']') ? v <= high : v < high));
            return lowOk && highOk;
        }

        // A bare version is NuGet's "at least"; the runner has exactly one, so it must be that one.
        return Equal(w, version);

        static bool Equal(string a, string b) => a.Trim().Equals(b, StringComparison.OrdinalIgnoreCase)
            || (Version.TryParse(Core(a), out var x) && Version.TryParse(Core(b), out var y) && x == y && !a.Contains('-', StringComparison.Ordinal) && !b.Contains('-', StringComparison.Ordinal));

        static string Core(string s) => s.Trim().Split('-', '+')[0];
    }

    private static string PackageVersion(System.Reflection.Assembly assembly)
    {
        string? informational = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    private static bool IsKernel(string name) => name is "csharp" or "c#" or "C#" or "cs" or "fsharp" or "f#" or "F#" or "pwsh"
        or "powershell" or "markdown" or "md" or "javascript" or "js" or "html" or "sql" or "kql" or "mermaid" or "value" or "http";

    [GeneratedRegex(@"^#!(\S+)")]
    private static partial Regex Magic();

    [GeneratedRegex("^#(r|i)\\s+\"([^\"]*)\"\\s*$")]
    private static partial Regex Directive();
}
