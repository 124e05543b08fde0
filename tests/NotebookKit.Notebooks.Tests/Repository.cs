namespace NotebookKit.Notebooks.Tests;

/// <summary>The repository the tests run in (found from the test binaries upwards).</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No NotebookKit.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The lesson names (file names without extension of lessons/*.cs), in order.</summary>
    public static IReadOnlyList<string> Lessons =>
        [.. Directory.GetFiles(Path.Combine(Root, "lessons"), "*.cs").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];
}
