using NotebookKit.Files;

namespace NotebookKit.Tests.Files;

public sealed class AtomicFileDirectoryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nbkit-atomic-dir-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_folder_appears_with_all_its_files_and_replaces_the_old_one_whole()
    {
        string target = Path.Combine(directory, "point");
        AtomicFile.WriteDirectory(target, temp =>
        {
            Assert.False(Directory.Exists(target));
            File.WriteAllText(Path.Combine(temp, "results.json"), "1");
            File.WriteAllText(Path.Combine(temp, "report.html"), "one");
        });
        Assert.Equal("1", File.ReadAllText(Path.Combine(target, "results.json")));

        AtomicFile.WriteDirectory(target, temp => File.WriteAllText(Path.Combine(temp, "error.json"), "2"));
        Assert.Equal(["error.json"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal(["point"], Directory.GetDirectories(directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failure_while_filling_changes_nothing_and_leaves_no_temporary_folder()
    {
        string target = Path.Combine(directory, "point");
        AtomicFile.WriteDirectory(target, temp => File.WriteAllText(Path.Combine(temp, "results.json"), "old"));
        Assert.Throws<IOException>(() => AtomicFile.WriteDirectory(target, temp =>
        {
            File.WriteAllText(Path.Combine(temp, "results.json"), "half");
            throw new IOException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "results.json")));
        Assert.Equal(["point"], Directory.GetDirectories(directory).Select(Path.GetFileName));
    }
}
