using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.Formats;

/// <summary>
/// The lines that let a lesson run as a file-based app take its parameters from the command line
/// (<c>dotnet run lessons/01-learning-rate-decay.cs -- Epochs=1</c>): one <c>Name = Parameter(nameof(Name), Name);</c>
/// per declaration of the parameters cell, in a <c>#region file-app</c> at the end of that cell.
/// </summary>
/// <remarks>
/// A notebook injects overrides as a cell after the parameters cell that declares the names again (papermill's
/// convention); one C# program cannot declare a name twice, so the file-based app assigns instead. The region exists
/// only in the lesson source: it is left out of the notebook and generated again from the declarations, so it never
/// goes stale in a committed lesson (a test compares every lesson with its regenerated form).
/// </remarks>
internal static class FileAppParameters
{
    /// <summary>The start of every file-app-only region; the notebook never sees what lies between it and <c>#endregion</c>.</summary>
    public const string RegionPrefix = "#region file-app";

    /// <summary>The parameter types <c>Parameter(...)</c> parses (the runner's <c>-p</c> types).</summary>
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "int", "long", "double", "float", "decimal", "bool", "string" };

    /// <summary>True when <paramref name="line"/> opens a file-app-only region.</summary>
    public static bool IsRegionStart(string line) => line.TrimStart().StartsWith(RegionPrefix, StringComparison.Ordinal);

    /// <summary>True when <paramref name="line"/> closes a region.</summary>
    public static bool IsRegionEnd(string line) => line.TrimStart().StartsWith("#endregion", StringComparison.Ordinal);

    /// <summary>The region for a parameters cell, or nothing when it declares no parameter of a supported type.</summary>
    /// <param name="parametersSource">The parameters cell as the notebook has it.</param>
    /// <param name="lessonName">The lesson's file name without extension, for the example in the region's title.</param>
    public static List<string> Region(string parametersSource, string lessonName)
    {
        var names = ParameterInjector.Parse(parametersSource).Where(p => Supported.Contains(p.Value)).Select(p => p.Key).ToList();
        if (names.Count == 0)
        {
            return [];
        }

        var lines = new List<string> { $"{RegionPrefix}: parameters from the command line, `dotnet run {lessonName}.cs -- {names[0]}=VALUE` (generated; not in the notebook)" };
        lines.AddRange(names.Select(n => $"{n} = Parameter(nameof({n}), {n});"));
        lines.Add("#endregion");
        return lines;
    }

    /// <summary>Removes every file-app-only region from a code cell's lines.</summary>
    /// <exception cref="InvalidDataException">A region is not closed; the message names the cell's first line.</exception>
    public static List<string> RemoveRegions(List<string> lines, string where)
    {
        var kept = new List<string>(lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            if (!IsRegionStart(lines[i]))
            {
                kept.Add(lines[i]);
                continue;
            }

            int end = lines.FindIndex(i + 1, IsRegionEnd);
            if (end < 0)
            {
                throw new InvalidDataException($"{where}: '{lines[i].Trim()}' has no #endregion.");
            }

            i = end;
        }

        return kept;
    }
}
