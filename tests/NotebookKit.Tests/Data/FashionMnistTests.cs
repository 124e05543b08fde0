using System.Text.Json;
using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

/// <summary>Loads the real Fashion-MNIST once (Debian package dataset-fashion-mnist, installed by tools/test.sh).</summary>
public sealed class RealFashionMnist
{
    public RealFashionMnist() => Data = FashionMnist.LoadFrom(FashionMnist.SystemFolder);

    public TrainTestSplit Data { get; }
}

public sealed class FashionMnistTests : IClassFixture<RealFashionMnist>
{
    private readonly TrainTestSplit real;

    public FashionMnistTests(RealFashionMnist fixture) => real = fixture.Data;

    [Fact]
    public void The_installed_dataset_has_the_published_split_sizes_and_shape()
    {
        Assert.Equal(60000, real.Train.Count);
        Assert.Equal(10000, real.Test.Count);
        foreach (var split in new[] { real.Train, real.Test })
        {
            Assert.Equal((1, 28, 28), (split.Channels, split.Height, split.Width));
            Assert.Equal(split.Count * 28 * 28, split.Pixels.Length);
            Assert.Equal(FashionMnist.ClassNames, split.ClassNames);
        }
    }

    [Fact]
    public void The_installed_dataset_is_balanced_as_published()
    {
        // The dataset's README: 6,000 training and 1,000 test images per class.
        Assert.All(real.Train.ClassCounts(), count => Assert.Equal(6000, count));
        Assert.All(real.Test.ClassCounts(), count => Assert.Equal(1000, count));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("test")]
    public void The_installed_dataset_matches_an_independent_reader(string split)
    {
        // Fixtures/Data/fashion_mnist_stats.json: the same files read with numpy (make_fashion_mnist_stats.py).
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Data", "fashion_mnist_stats.json")));
        var expected = doc.RootElement.GetProperty(split);
        var data = split == "train" ? real.Train : real.Test;

        Assert.Equal(expected.GetProperty("count").GetInt32(), data.Count);
        Assert.Equal(expected.GetProperty("class_counts").EnumerateArray().Select(e => e.GetInt32()), data.ClassCounts());
        Assert.Equal(expected.GetProperty("first_labels").EnumerateArray().Select(e => (byte)e.GetInt32()), data.Labels.Take(20));
        var sums = expected.GetProperty("first_image_pixel_sums").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        for (int i = 0; i < sums.Length; i++)
        {
            long sum = 0;
            foreach (byte b in data.ImageAt(i))
            {
                sum += b;
            }

            Assert.Equal(sums[i], sum);
        }

        // Mean and standard deviation of pixel/255 from a histogram (47M pixels: a plain pass over 256 bins is fast).
        long[] histogram = new long[256];
        foreach (byte b in data.Pixels)
        {
            histogram[b]++;
        }

        double n = data.Pixels.Length;
        double mean = Enumerable.Range(0, 256).Sum(v => histogram[v] * (v / 255.0)) / n;
        double std = Math.Sqrt(Enumerable.Range(0, 256).Sum(v => histogram[v] * Math.Pow((v / 255.0) - mean, 2)) / n);
        Assert.Equal(expected.GetProperty("mean").GetDouble(), mean, 1e-9);
        Assert.Equal(expected.GetProperty("std").GetDouble(), std, 1e-9);
    }

    [Fact]
    public void A_folder_the_caller_names_is_never_replaced_by_the_system_copy()
    {
        using var dir = new TempFolder();

        Assert.Null(FashionMnist.Locate(dir.Path));
        var e = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(dir.Path, download: false));
        Assert.Contains(dir.Path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FashionMnist.SystemFolder, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_dir_that_does_not_exist_is_an_error_naming_it()
    {
        using var dir = new TempFolder();
        string missing = Path.Combine(dir.Path, "no-such-folder");

        var e = Assert.Throws<DatasetNotFoundException>(() => FashionMnist.Load(missing, download: true));

        Assert.Contains($"{missing} does not exist", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void An_explicit_folder_wins_over_the_system_copy_and_raw_files_work()
    {
        using var dir = new TempFolder();
        var written = DataFiles.WriteFashionMnist(dir.Path, gzip: false);

        var (train, test) = FashionMnist.Load(dir.Path, download: false);

        Assert.Equal(written.Train.Pixels, train.Pixels);
        Assert.Equal(written.Train.Labels, train.Labels);
        Assert.Equal(written.Test.Labels, test.Labels);
        Assert.Equal(Path.Combine(dir.Path, FashionMnist.TrainImagesFile), train.Source);
        Assert.Equal("fashion-mnist/train", train.Name);
    }

    [Fact]
    public void The_data_root_fashion_mnist_folder_is_used()
    {
        using var dir = new TempFolder();
        DataFiles.WriteFashionMnist(Path.Combine(dir.Path, FashionMnist.FolderName));

        var data = FashionMnist.Load(dir.Path, download: false);

        Assert.Equal(30, data.Train.Count);
        Assert.StartsWith(Path.Combine(dir.Path, FashionMnist.FolderName), data.Train.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        using var dir = new TempFolder();
        DataFiles.WriteFashionMnist(dir.Path);
        string labels = Path.Combine(dir.Path, FashionMnist.TestLabelsFile + ".gz");
        File.WriteAllBytes(labels, DataFiles.Gzip(DataFiles.IdxLabels(new byte[19])));

        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadFrom(dir.Path));

        Assert.Contains("20 images", e.Message, StringComparison.Ordinal);
        Assert.Contains(labels, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_out_of_range_names_the_file()
    {
        using var dir = new TempFolder();
        DataFiles.WriteFashionMnist(dir.Path);
        string labels = Path.Combine(dir.Path, FashionMnist.TrainLabelsFile + ".gz");
        byte[] values = new byte[30];
        values[7] = 10;
        File.WriteAllBytes(labels, DataFiles.Gzip(DataFiles.IdxLabels(values)));

        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadFrom(dir.Path));

        Assert.Contains(labels, e.Message, StringComparison.Ordinal);
        Assert.Contains("label 10 of image 7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_downloads_the_missing_files_with_checksums_into_the_data_root()
    {
        using var dir = new TempFolder();
        using var files = new TempFolder();
        var expected = DataFiles.WriteFashionMnist(files.Path);
        using var server = new TestServer();
        var remotes = new List<RemoteFile>();
        foreach (string path in Directory.GetFiles(files.Path))
        {
            byte[] bytes = File.ReadAllBytes(path);
            server.Serve(Path.GetFileName(path), bytes);
            remotes.Add(new RemoteFile(Path.GetFileName(path), bytes.Length, DataFiles.Md5(bytes)));
        }

        var progress = new List<DownloadProgress>();
        string folder = await FashionMnist.FetchAsync(dir.Path, new SyncProgress(progress.Add), new DownloadSource(server.BaseUrl, remotes));

        Assert.Equal(Path.Combine(dir.Path, FashionMnist.FolderName), folder);
        var loaded = FashionMnist.LoadFrom(folder);
        Assert.Equal(expected.Test.Pixels, loaded.Test.Pixels);
        Assert.Equal(4, progress.Select(p => p.FileName).Distinct().Count());
        Assert.Equal(4, server.Requests);
        Assert.Equal(4, dir.Entries().Length - 1); // the four files, plus the folder itself

        await FashionMnist.FetchAsync(dir.Path, null, new DownloadSource(server.BaseUrl, remotes));
        Assert.Equal(4, server.Requests); // files already there are not downloaded again
    }

    [Fact]
    public async Task Fetch_from_an_unreachable_server_says_where_to_put_the_files()
    {
        using var dir = new TempFolder();
        var source = FashionMnist.OfficialSource.WithBaseUrl(new Uri("http://127.0.0.1:9/"));

        var e = await Assert.ThrowsAsync<DatasetNotFoundException>(() => FashionMnist.FetchAsync(dir.Path, null, source));

        Assert.Contains("127.0.0.1:9", e.Message, StringComparison.Ordinal);
        Assert.Contains("dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir.Path, FashionMnist.FolderName), e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries()); // not even an empty fashion-mnist folder
    }

    [Fact]
    public void The_official_source_lists_the_four_gzip_files()
    {
        Assert.Equal(
            ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"],
            FashionMnist.OfficialSource.Files.Select(f => f.Name));
        Assert.All(FashionMnist.OfficialSource.Files, f => Assert.Equal(32, f.Md5.Length));
    }
}

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
public sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
{
    private readonly Lock gate = new();

    public void Report(DownloadProgress value)
    {
        lock (gate)
        {
            report(value);
        }
    }
}
