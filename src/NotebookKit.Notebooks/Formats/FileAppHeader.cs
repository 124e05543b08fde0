using System.Text.RegularExpressions;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// The header of a lesson source (the lines before its first cell) and the notebook's first <c>#r</c> lines are two
/// spellings of the same thing: what code to load. A .NET 10 file-based app says <c>#:project DIR/NAME.csproj</c> or
/// <c>#:package NAME@VERSION</c>; a notebook says <c>#r "DIR/bin/Release/net8.0/NAME.dll"</c> or
/// <c>#r "nuget: NAME, VERSION"</c> at the top of its first code cell.
/// </summary>
/// <remarks>
/// Besides the library, a file-based app needs a host that gives it what a notebook kernel provides itself
/// (<c>display(...)</c>, <c>HTML(...)</c>, the write-up): the <see cref="HostProject"/> project and the
/// <see cref="HostUsing"/> line. They have no notebook counterpart, so they are left out of the notebook and added
/// back next to a NotebookKit project reference. <c>#:property</c>, <c>#:sdk</c> and <c>#:include</c> lines and
/// comments are file-app only too.
/// </remarks>
internal static partial class FileAppHeader
{
    /// <summary>The project that hosts a lesson run as a file-based app.</summary>
    public const string HostProject = "NotebookKit.Notebooks";

    /// <summary>The line that brings <c>display(...)</c>, <c>HTML(...)</c> and <c>Parameter(...)</c> into scope.</summary>
    public const string HostUsing = "using static NotebookKit.Notebooks.FileApps.FileAppGlobals;";

    /// <summary>
    /// File-based apps default to Native AOT, which turns off reflection-based JSON; the library's figures and the
    /// write-up use it, so a lesson runs on the JIT.
    /// </summary>
    public const string JitProperty = "#:property PublishAot=false";

    /// <summary>The library whose project reference brings the host along.</summary>
    public const string LibraryProject = "NotebookKit";

    /// <summary>The notebook <c>#r</c> lines that <paramref name="header"/> stands for, in order.</summary>
    /// <param name="header">The header lines with their 1-based line numbers.</param>
    /// <param name="origin">The file, for messages.</param>
    /// <exception cref="InvalidDataException">A header line is neither a directive, the host's using line nor a comment.</exception>
    public static List<string> ToReferences(IEnumerable<(int Number, string Text)> header, string origin)
    {
        var references = new List<string>();
        foreach (var (number, line) in header)
        {
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal) || (number == 1 && text.StartsWith("#!", StringComparison.Ordinal)))
            {
                continue;
            }

            if (Project().Match(text) is { Success: true } project)
            {
                string path = project.Groups[1].Value.Replace('\\', '/');
                if (!path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidDataException($"{origin}:{number}: #:project must name a .csproj file here (DIR/NAME.csproj), got '{path}'.");
                }

                string name = Path.GetFileNameWithoutExtension(path);
                if (name != HostProject)
                {
                    string folder = Folder(path);
                    references.Add($"#r \"{(folder.Length == 0 ? "" : folder + "/")}bin/Release/net8.0/{name}.dll\"");
                }

                continue;
            }

            if (Package().Match(text) is { Success: true } package)
            {
                string name = package.Groups[1].Value;
                if (name != HostProject)
                {
                    references.Add(package.Groups[2].Success ? $"#r \"nuget: {name}, {package.Groups[2].Value}\"" : $"#r \"nuget: {name}\"");
                }

                continue;
            }

            if (text == HostUsing || FileAppOnly().IsMatch(text))
            {
                continue;
            }

            throw new InvalidDataException(
                $"{origin}:{number}: before the first '// %%' cell only the file-based-app header may stand (#:project, #:package, #:property, #:sdk, comments, '{HostUsing}'); put '{text}' in a cell.");
        }

        return references;
    }

    /// <summary>
    /// Takes the leading <c>#r</c> lines of a notebook's first code cell that have a file-app spelling off
    /// <paramref name="lines"/> and returns the header that stands for them (with the host next to a NotebookKit project).
    /// </summary>
    public static List<string> FromReferences(List<string> lines)
    {
        var header = new List<string>();
        while (lines.Count > 0)
        {
            if (LibraryReference().Match(lines[0]) is { Success: true } dll)
            {
                string folder = dll.Groups[1].Success ? dll.Groups[1].Value + "/" : "";
                header.Add($"#:project {folder}{dll.Groups[2].Value}.csproj");
            }
            else if (NugetReference().Match(lines[0]) is { Success: true } nuget)
            {
                header.Add(nuget.Groups[2].Success ? $"#:package {nuget.Groups[1].Value}@{nuget.Groups[2].Value}" : $"#:package {nuget.Groups[1].Value}");
            }
            else
            {
                break;
            }

            lines.RemoveAt(0);
        }

        string? library = header.Select(h => Project().Match(h)).FirstOrDefault(m => m.Success && Path.GetFileNameWithoutExtension(m.Groups[1].Value) == LibraryProject)?.Groups[1].Value;
        if (library is not null)
        {
            // The host sits next to the library: DIR/NotebookKit/NotebookKit.csproj -> DIR/NotebookKit.Notebooks/NotebookKit.Notebooks.csproj.
            string src = Folder(Folder(library));
            header.Add($"#:project {(src.Length == 0 ? "" : src + "/")}{HostProject}/{HostProject}.csproj");
            header.Add(JitProperty);
            header.Add(HostUsing);
        }

        return header;
    }

    private static string Folder(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    [GeneratedRegex(@"^#:project\s+(.+?)\s*$")]
    private static partial Regex Project();

    [GeneratedRegex(@"^#:package\s+([^@\s]+)(?:@(\S+))?\s*$")]
    private static partial Regex Package();

    [GeneratedRegex(@"^#:(property|sdk|include)\s")]
    private static partial Regex FileAppOnly();

    [GeneratedRegex(@"^#r\s+""(?:(.+)/)?bin/Release/net8\.0/([^/""]+)\.dll""\s*$")]
    private static partial Regex LibraryReference();

    [GeneratedRegex(@"^#r\s+""nuget:\s*([^,""\s]+)\s*(?:,\s*([^""\s]+)\s*)?""\s*$")]
    private static partial Regex NugetReference();
}
