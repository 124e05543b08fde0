using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class DownloadTests
{
    [Fact]
    public async Task A_verified_download_reports_progress_and_renames_into_place()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] body = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
        server.Serve("blob.bin", body);
        var file = new RemoteFile("blob.bin", body.Length, DataFiles.Md5(body));
        var progress = new List<DownloadProgress>();

        string path = await FileDownloader.DownloadAsync(new DownloadSource(server.BaseUrl, [file]), file, dir.Path, new SyncProgress(progress.Add));

        Assert.Equal(Path.Combine(dir.Path, "blob.bin"), path);
        Assert.Equal(body, File.ReadAllBytes(path));
        Assert.Equal(["blob.bin"], dir.Entries());
        Assert.Equal(0, progress[0].BytesDone);
        Assert.Equal(body.Length, progress[^1].BytesDone);
        Assert.All(progress, p => Assert.Equal(body.Length, p.TotalBytes));
        Assert.Null(FileDownloader.Verify(path, file));
        Assert.Contains("MD5", FileDownloader.Verify(path, file with { Md5 = new string('a', 32) }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_error_names_the_url_and_leaves_nothing()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        var file = new RemoteFile("missing.bin", null, new string('0', 32));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() =>
            FileDownloader.DownloadAsync(new DownloadSource(server.BaseUrl, [file]), file, dir.Path));

        Assert.Contains(server.BaseUrl + "missing.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public async Task A_stalled_transfer_times_out_and_leaves_nothing()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        server.Serve("slow.bin", new byte[1000], sendBytes: 100, stall: true);
        var file = new RemoteFile("slow.bin", 1000, new string('0', 32));
        var source = new DownloadSource(server.BaseUrl, [file]) { ReadTimeout = TimeSpan.FromMilliseconds(300) };

        var e = await Assert.ThrowsAsync<TimeoutException>(() => FileDownloader.DownloadAsync(source, file, dir.Path));

        Assert.Contains("stalled", e.Message, StringComparison.Ordinal);
        Assert.Contains("after 100 bytes", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Sources_and_files_validate_their_arguments()
    {
        Assert.Throws<ArgumentException>(() => new RemoteFile("../x", null, new string('0', 32)));
        Assert.Throws<ArgumentException>(() => new RemoteFile("x", null, "abc"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemoteFile("x", 0, new string('0', 32)));
        Assert.Throws<ArgumentException>(() => new DownloadSource(new Uri("ftp://example.org/"), [new RemoteFile("x", null, new string('0', 32))]));
        Assert.Throws<ArgumentException>(() => new DownloadSource(new Uri("http://example.org/"), []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cifar10.OfficialSource with { ReadTimeout = TimeSpan.Zero });
        var source = new DownloadSource(new Uri("http://example.org/data"), [new RemoteFile("x y.gz", null, new string('A', 32))]);
        Assert.Equal("http://example.org/data/x%20y.gz", source.UrlOf(source.Files[0]).AbsoluteUri);
        Assert.Equal(new string('a', 32), source.Files[0].Md5);
    }

    [Fact]
    public void The_official_cifar10_source_is_the_home_page_archive()
    {
        var file = Assert.Single(Cifar10.OfficialSource.Files);
        Assert.Equal("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", Cifar10.OfficialSource.UrlOf(file).AbsoluteUri);
        Assert.Equal(170052171, file.Size);
        Assert.Equal("c32a1d4ab5d03f1284b67883e8d87530", file.Md5);
    }

    [Fact]
    public void Progress_text_shows_sizes_and_percent()
    {
        var p = new DownloadProgress("a.tar.gz", 1048576, 4 * 1048576, DownloadStage.Downloading);

        Assert.Equal(0.25, p.Fraction);
        Assert.Equal("downloading a.tar.gz: 1.0 of 4.0 MiB (25.0%)", p.ToString());
        Assert.Null((p with { TotalBytes = null }).Fraction);
    }
}
