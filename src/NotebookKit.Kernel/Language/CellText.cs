using System.Text.RegularExpressions;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// A cell as C# for the language services: notebook magics (<c>#!time</c>, <c>#!csharp</c>, <c>#i</c>,
/// <c>#r "nuget: ..."</c>) are overwritten with spaces, so the rest parses as C# script and every offset stays where
/// the front end's cursor is. <c>#r "path.dll"</c> is C# script already and is kept, except a <c>#r</c> of any
/// <c>NotebookKit.dll</c>, which means the library the kernel has loaded (as the engine maps it).
/// </summary>
internal static partial class CellText
{
    /// <summary>The package id and file name that name the kit's own library.</summary>
    public const string LibraryPackage = "NotebookKit";

    /// <summary>What the magics of a cell ask for besides its C#.</summary>
    /// <param name="UsesLibrary">The cell loads the kit's library.</param>
    /// <param name="Packages">Other NuGet packages (<c>#r "nuget: Id, Version"</c>).</param>
    /// <param name="Sources">Package sources (<c>#i "nuget: ..."</c>).</param>
    public sealed record Directives(bool UsesLibrary, IReadOnlyList<NuGetPackageReference> Packages, IReadOnlyList<string> Sources);

    public static string BlankMagics(string code, out Directives directives)
    {
        bool library = false;
        var packages = new List<NuGetPackageReference>();
        var sources = new List<string>();
        var chars = code.ToCharArray();
        int start = 0;
        while (start <= chars.Length)
        {
            int end = Array.IndexOf(chars, '\n', start);
            if (end < 0)
            {
                end = chars.Length;
            }

            string line = new string(chars, start, end - start).TrimEnd('\r');
            bool blank = line.StartsWith("#!", StringComparison.Ordinal);
            if (Reference().Match(line) is { Success: true } reference)
            {
                string verb = reference.Groups[1].Value, argument = reference.Groups[2].Value.Trim();
                if (argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                {
                    blank = true;
                    var parts = argument["nuget:".Length..].Split(',', 2, StringSplitOptions.TrimEntries);
                    if (verb == "i")
                    {
                        sources.Add(parts[0]);
                    }
                    else if (parts[0].Equals(LibraryPackage, StringComparison.OrdinalIgnoreCase))
                    {
                        library = true;
                    }
                    else if (parts[0].Length > 0)
                    {
                        packages.Add(new NuGetPackageReference(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null));
                    }
                }
                else if (verb == "i" || Path.GetFileName(argument).Equals(LibraryPackage + ".dll", StringComparison.OrdinalIgnoreCase))
                {
                    blank = true;
                    library |= verb == "r";
                }
            }

            if (blank)
            {
                Array.Fill(chars, ' ', start, line.Length);
            }

            start = end + 1;
        }

        directives = new Directives(library, packages, sources);
        return new string(chars);
    }

    [GeneratedRegex("^#(r|i)\\s+\"([^\"]*)\"\\s*$")]
    private static partial Regex Reference();
}
