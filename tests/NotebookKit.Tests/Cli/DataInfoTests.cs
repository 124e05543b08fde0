using System.Text.Json;
using NotebookKit.Data;
using NotebookKit.Tests.Data;

namespace NotebookKit.Tests.Cli;

public sealed class DataInfoTests
{
    [Fact]
    public void Info_lists_a_cifar_folder_in_the_official_layout_and_the_system_fashion_mnist()
    {
        using var dir = new TempFolder();
        string folder = Cifar10.WriteSynthetic(Path.Combine(dir.Path, "data"), trainPerClass: 5, testPerClass: 2);

        // No --data-dir, outside the repository: the data root is ./data, and Fashion-MNIST comes from the system copy.
        var result = Nbkit.Run(["data", "info"], workingDirectory: dir.Path);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.LastLine);
        var root = doc.RootElement;
        Assert.Equal(Path.Combine(dir.Path, "data"), root.GetProperty("data_dir").GetString());
        var cifar = root.GetProperty("cifar10");
        Assert.Equal(50, cifar.GetProperty("train").GetInt32());
        Assert.Equal(20, cifar.GetProperty("test").GetInt32());
        Assert.Equal([3, 32, 32], cifar.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(Cifar10.ClassNames, cifar.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(folder, cifar.GetProperty("source").GetString());
        var fashion = root.GetProperty("fashion-mnist");
        Assert.Equal(60000, fashion.GetProperty("train").GetInt32());
        Assert.Equal(10000, fashion.GetProperty("test").GetInt32());
        Assert.Equal(FashionMnist.SystemFolder, fashion.GetProperty("source").GetString());
    }

    [Fact]
    public void An_explicit_data_dir_is_the_only_place_looked_in()
    {
        using var dir = new TempFolder();

        var result = Nbkit.Run("data", "info", "--data-dir", dir.Path);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.LastLine);
        string error = doc.RootElement.GetProperty("fashion-mnist").GetProperty("error").GetString()!;
        Assert.Contains(dir.Path, error, StringComparison.Ordinal);
        Assert.DoesNotContain(FashionMnist.SystemFolder, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_reports_broken_datasets_with_the_file_and_still_succeeds()
    {
        using var dir = new TempFolder();
        string folder = Cifar10.WriteSynthetic(dir.Path, trainPerClass: 1, testPerClass: 1);
        string test = Path.Combine(folder, "test_batch.bin");
        File.WriteAllBytes(test, File.ReadAllBytes(test)[..5000]);
        string fashion = Path.Combine(dir.Path, FashionMnist.FolderName);
        DataFiles.WriteFashionMnist(fashion);
        string labels = Path.Combine(fashion, FashionMnist.TrainLabelsFile + ".gz");
        File.WriteAllBytes(labels, DataFiles.Gzip(DataFiles.IdxImages(1, 1, 1, [0])));

        var result = Nbkit.Run("data", "info", "--data-dir", dir.Path);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.LastLine);
        string cifarError = doc.RootElement.GetProperty("cifar10").GetProperty("error").GetString()!;
        Assert.Contains(test, cifarError, StringComparison.Ordinal);
        Assert.Contains("3073-byte", cifarError, StringComparison.Ordinal);
        string fashionError = doc.RootElement.GetProperty("fashion-mnist").GetProperty("error").GetString()!;
        Assert.Contains(labels, fashionError, StringComparison.Ordinal);
        Assert.Contains("magic number 2051", fashionError, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_says_how_to_get_a_missing_cifar_and_notices_an_unextracted_archive()
    {
        using var dir = new TempFolder();

        var missing = Nbkit.Run("data", "info", "--data-dir", dir.Path);
        File.WriteAllBytes(Path.Combine(dir.Path, Cifar10.ArchiveName), [1, 2, 3]);
        var unextracted = Nbkit.Run("data", "info", "--data-dir", dir.Path);

        using var first = JsonDocument.Parse(missing.LastLine);
        string error = first.RootElement.GetProperty("cifar10").GetProperty("error").GetString()!;
        Assert.Contains(Cifar10.HomePage, error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir.Path, Cifar10.FolderName, "data_batch_1.bin"), error, StringComparison.Ordinal);
        using var second = JsonDocument.Parse(unextracted.LastLine);
        Assert.Contains("not extracted", second.RootElement.GetProperty("cifar10").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal([Cifar10.ArchiveName], dir.Entries()); // info never writes
    }
}
