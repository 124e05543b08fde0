namespace NotebookKit.Tests.Conventions;

/// <summary>A source file fits on a few screens: one concept per file (Gemm.cs had grown to 683 lines of four concerns).</summary>
public sealed class SourceFileTests
{
    public const int MaxLines = 500;

    [Fact]
    public void No_source_file_is_over_500_lines() =>
        Assert.Empty(LongFiles(Path.Combine(ArchitectureTests.RepositoryRoot(), "src")));

    [Fact]
    public void The_check_finds_a_long_file()
    {
        string folder = Directory.CreateTempSubdirectory("nbkit-long-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(folder, "Long.cs"), Enumerable.Repeat("// x", MaxLines + 1));
            File.WriteAllLines(Path.Combine(folder, "Short.cs"), Enumerable.Repeat("// x", MaxLines));
            Assert.Equal(["Long.cs: 501 lines"], LongFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static IReadOnlyList<string> LongFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => (Path: Path.GetRelativePath(root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.Path}: {f.Lines} lines")
            .Order(StringComparer.Ordinal)
            .ToList();
}
