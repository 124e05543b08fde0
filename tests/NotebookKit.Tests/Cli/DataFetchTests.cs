using System.Text.Json;
using NotebookKit.Data;
using NotebookKit.Tests.Data;

namespace NotebookKit.Tests.Cli;

public sealed class DataFetchTests
{
    [Fact]
    public void Fetch_of_a_present_cifar_folder_reads_it_back_without_downloading()
    {
        using var dir = new TempFolder();
        string folder = Cifar10.WriteSynthetic(dir.Path, trainPerClass: 2, testPerClass: 1);

        var result = Nbkit.Run("data", "fetch", "cifar10", "--data-dir", dir.Path, "--mirror", "http://127.0.0.1:9/");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.LastLine);
        Assert.Equal("cifar10", doc.RootElement.GetProperty("dataset").GetString());
        Assert.Equal(20, doc.RootElement.GetProperty("train").GetInt32());
        Assert.Equal(folder, doc.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public void A_cut_off_download_shows_progress_on_stderr_fails_with_one_line_and_leaves_nothing()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        // The official size is announced, but only 3 MiB arrive before the connection closes.
        server.Serve(Cifar10.ArchiveName, new byte[3 << 20], announce: 170052171);

        var result = Nbkit.Run("data", "fetch", "cifar10", "--data-dir", dir.Path, "--mirror", server.BaseUrl.AbsoluteUri);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("downloading cifar-10-binary.tar.gz: 0.0 of 162.2 MiB (0.0%)", result.Stderr, StringComparison.Ordinal);
        string error = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("cut off after 3145728 of 170052171 bytes", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_mirror_serving_another_file_is_refused()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        server.Serve(Cifar10.ArchiveName, new byte[1000]);

        var result = Nbkit.Run("data", "fetch", "cifar10", "--data-dir", dir.Path, "--mirror", server.BaseUrl.AbsoluteUri);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("must be 170052171 bytes", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Fetch_of_fashion_mnist_uses_the_installed_copy()
    {
        using var dir = new TempFolder();

        // No --data-dir, outside the repository: ./data has no copy, so the installed one is found.
        var result = Nbkit.Run(["data", "fetch", "fashion-mnist"], workingDirectory: dir.Path);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.LastLine);
        Assert.Equal(60000, doc.RootElement.GetProperty("train").GetInt32());
        Assert.Equal(FashionMnist.SystemFolder, doc.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public void An_unknown_dataset_is_a_usage_error()
    {
        var result = Nbkit.Run("data", "fetch", "imagenet");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("imagenet", result.Stderr, StringComparison.Ordinal);
    }
}
