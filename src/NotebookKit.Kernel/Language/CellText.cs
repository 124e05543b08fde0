using System.Text.RegularExpressions;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// A cell as C# for the language services: notebook magics (<c>#!time</c>, <c>#!csharp</c>, <c>#i</c>,
/// <c>#r "nuget: ..."</c>) are overwritten with spaces, so the rest parses as C# script and every offset stays where
/// the front end's cursor is. <c>#r "path.dll"</c> is C# script already and is kept.
/// </summary>
internal static partial class CellText
{
    /// <summary>The package id that names the kit's own library in <c>#r "nuget: NotebookKit"</c>.</summary>
    public const string LibraryPackage = "NotebookKit";

    public static string BlankMagics(string code, out bool usesLibrary)
    {
        usesLibrary = false;
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
            var nuget = NugetDirective().Match(line);
            if (nuget.Success && nuget.Groups[1].Value.Equals(LibraryPackage, StringComparison.OrdinalIgnoreCase))
            {
                usesLibrary = true;
            }

            if (line.StartsWith("#!", StringComparison.Ordinal) || nuget.Success || line.StartsWith("#i ", StringComparison.Ordinal))
            {
                Array.Fill(chars, ' ', start, line.Length);
            }

            start = end + 1;
        }

        return new string(chars);
    }

    [GeneratedRegex("^#r\\s+\"nuget:\\s*([^,\"\\s]+)")]
    private static partial Regex NugetDirective();
}
