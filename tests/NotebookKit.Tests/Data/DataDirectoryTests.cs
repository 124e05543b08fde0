using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class DataDirectoryTests
{
    [Fact]
    public void The_repository_data_folder_is_found_from_a_subfolder()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(Path.Combine(dir.Path, "data"));
        string notebooks = Path.Combine(dir.Path, "notebooks");
        Directory.CreateDirectory(Path.Combine(notebooks, "deeper"));

        Assert.Equal(Path.Combine(dir.Path, "data"), DataDirectory.FindRepositoryData(Path.Combine(notebooks, "deeper")));
        Assert.Equal(Path.Combine(dir.Path, "data"), DataDirectory.FindRepositoryData(dir.Path));
    }

    [Fact]
    public void An_explicit_folder_is_used_as_given_and_an_empty_one_is_refused()
    {
        Assert.Equal(Path.GetFullPath("some/where"), DataDirectory.Resolve("some/where"));
        var e = Assert.Throws<ArgumentException>(() => DataDirectory.Resolve("  "));
        Assert.Contains("data_dir", e.Message, StringComparison.Ordinal);
    }
}
