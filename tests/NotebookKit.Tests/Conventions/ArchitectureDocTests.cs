namespace NotebookKit.Tests.Conventions;

/// <summary>
/// docs/architecture.md says what the tests enforce: its table of parts and its leaves line agree with
/// <see cref="Parts"/>, so an arrow added in one place and not the other fails here; and the repository's documentation
/// stands alone (it cites no guidance kept outside the repository).
/// </summary>
public sealed class ArchitectureDocTests
{
    private static string Doc => File.ReadAllText(Path.Combine(ArchitectureTests.RepositoryRoot(), "docs", "architecture.md"));

    [Fact]
    public void The_table_of_parts_matches_the_tested_arrows() =>
        Assert.Empty(TableDisagreements(Doc));

    [Fact]
    public void The_picture_lists_every_leaf()
    {
        string? leaves = Doc.Split('\n').FirstOrDefault(l => l.Contains("any part may use them", StringComparison.Ordinal));
        Assert.NotNull(leaves);
        Assert.Empty(Parts.Leaves.Where(leaf => !leaves.Contains(leaf, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void The_check_finds_a_row_that_disagrees()
    {
        string doc = """
            | part | namespace(s) | what lives there | may use (besides the leaves) |
            |---|---|---|---|
            | Schedules | x | y | Optim |
            | Optim | x | y | Schedules, Nn |
            """;
        var lines = TableDisagreements(doc);
        Assert.Contains("Schedules: the doc says it may use Optim, the tests allow nothing", lines);
        Assert.Contains(lines, l => l.StartsWith("Training: no row in the table", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Optim", StringComparison.Ordinal));
    }

    [Fact]
    public void Documentation_cites_no_guidance_outside_the_repository()
    {
        string root = ArchitectureTests.RepositoryRoot();
        // This file is left out: its own examples are citations on purpose.
        string self = Path.Combine(root, "tests", "NotebookKit.Tests", "Conventions", "ArchitectureDocTests.cs");
        var files = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(new[] { "src", "tests", "lessons", "tools" }
                .Select(folder => Path.Combine(root, folder))
                .Where(Directory.Exists)
                .SelectMany(folder => Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories))
                .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".py", StringComparison.Ordinal))
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
                .Where(f => f != self));
        var citations = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => CitesOutsideGuidance(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.Empty(citations);
    }

    /// <summary>
    /// Whether a line cites the design notes or the shared reference kept beside the repository: their file names, the
    /// folder, "reference §N", or a bare "(§N)" that names no work a reader could find (a path such as
    /// <c>dotnet/shared/Microsoft.NETCore.App</c>, or "Dive into Deep Learning §7.6", is not such a citation).
    /// </summary>
    public static bool CitesOutsideGuidance(string line) =>
        line.Contains("DESIGN.md", StringComparison.Ordinal) || line.Contains("/work/shared", StringComparison.Ordinal)
        || GuidanceFiles.Any(name => line.Contains(name, StringComparison.Ordinal))
        || System.Text.RegularExpressions.Regex.IsMatch(line, @"(?<![\w/.-])shared/|\breference §|\(§\d");

    private static readonly string[] GuidanceFiles = ["schedulers-and-optimizers.md", "notebooks-and-kernels.md", "style-anchors.md"];

    [Fact]
    public void The_citation_check_tells_a_citation_from_a_path()
    {
        Assert.True(CitesOutsideGuidance("/// (DESIGN.md, \"Bad input\")"));
        Assert.True(CitesOutsideGuidance("see `shared/reference/style-anchors.md`"));
        Assert.True(CitesOutsideGuidance("/// Reads nbformat, tolerating the variants in notebooks-and-kernels.md."));
        Assert.True(CitesOutsideGuidance("// PyTorch 1.13.1 values (reference §1.15)."));
        Assert.True(CitesOutsideGuidance("/// Reads the .dib format (§1.5): cells separated by #!kernel lines."));
        Assert.False(CitesOutsideGuidance("/// <c>dotnet/shared/Microsoft.NETCore.App/10.0.3</c>"));
        Assert.False(CitesOutsideGuidance("/// LeNet-5 in the modern form of Dive into Deep Learning §7.6"));
    }

    /// <summary>Rows of the doc's table whose "may use" column differs from <see cref="Parts.Allowed"/>, and parts with no row.</summary>
    public static IReadOnlyList<string> TableDisagreements(string doc)
    {
        var rows = doc.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length >= 4 && Parts.Allowed.ContainsKey(cells[0]))
            .ToDictionary(cells => cells[0], cells => cells[^1], StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var (part, allowed) in Parts.Allowed.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!rows.TryGetValue(part, out string? column))
            {
                lines.Add($"{part}: no row in the table of parts");
                continue;
            }

            string[] documented = column.StartsWith("nothing", StringComparison.Ordinal) ? []
                : column.StartsWith("everything", StringComparison.Ordinal) ? [.. Parts.Allowed.Keys.Where(k => k != part)]
                : column.Split(',').Select(w => w.Trim()).ToArray();
            if (!documented.Order(StringComparer.Ordinal).SequenceEqual(allowed.Order(StringComparer.Ordinal)))
            {
                string tested = allowed.Length == 0 ? "nothing" : string.Join(", ", allowed);
                lines.Add($"{part}: the doc says it may use {(documented.Length == 0 ? "nothing" : string.Join(", ", documented))}, the tests allow {tested}");
            }
        }

        return lines;
    }
}
