using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class Cifar10Tests
{
    private static readonly TrainTestSplit Small = Cifar10.Synthetic(trainPerClass: 3, testPerClass: 2, seed: 5);

    [Fact]
    public void The_binary_layout_round_trips_through_the_loader()
    {
        using var dir = new TempFolder();

        string folder = Cifar10.WriteBinaryLayout(dir.Path, Small);
        var (train, test) = Cifar10.Load(dir.Path, download: false);

        Assert.Equal(Path.Combine(dir.Path, Cifar10.FolderName), folder);
        Assert.Equal(
            ["cifar-10-batches-bin", "cifar-10-batches-bin/.nbkit-written", "cifar-10-batches-bin/batches.meta.txt", "cifar-10-batches-bin/data_batch_1.bin",
             "cifar-10-batches-bin/data_batch_2.bin", "cifar-10-batches-bin/data_batch_3.bin", "cifar-10-batches-bin/data_batch_4.bin",
             "cifar-10-batches-bin/data_batch_5.bin", "cifar-10-batches-bin/test_batch.bin"],
            dir.Entries());
        Assert.Equal(Small.Train.Pixels, train.Pixels);
        Assert.Equal(Small.Train.Labels, train.Labels);
        Assert.Equal(Small.Test.Pixels, test.Pixels);
        Assert.Equal(Cifar10.ClassNames, train.ClassNames);
        Assert.Equal((3, 32, 32), (train.Channels, train.Height, train.Width));
        Assert.Equal(folder, train.Source);
        Assert.Equal("cifar10/test", test.Name);
    }

    [Fact]
    public void Records_are_one_label_byte_then_red_green_blue_planes()
    {
        using var dir = new TempFolder();
        string folder = Path.Combine(dir.Path, Cifar10.FolderName);
        Directory.CreateDirectory(folder);
        // Hand-made records: label, then 1024 R, 1024 G, 1024 B bytes, each plane a constant.
        byte[] Record(byte label, byte r, byte g, byte b) =>
            [label, .. Enumerable.Repeat(r, 1024), .. Enumerable.Repeat(g, 1024), .. Enumerable.Repeat(b, 1024)];
        for (int i = 1; i <= 5; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"data_batch_{i}.bin"), Record((byte)i, (byte)(10 * i), 1, 2));
        }

        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), [.. Record(9, 200, 100, 50), .. Record(0, 0, 0, 255)]);
        File.WriteAllText(Path.Combine(folder, "batches.meta.txt"), string.Join("\n", Cifar10.ClassNames) + "\n\n");

        var (train, test) = Cifar10.LoadFrom(folder);

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, train.Labels);
        Assert.Equal(new byte[] { 9, 0 }, test.Labels);
        var image = test.ImageAt(0);
        Assert.Equal(200, image[0]);       // red plane first
        Assert.Equal(100, image[1024]);    // then green
        Assert.Equal(50, image[2047 + 1]); // then blue
        Assert.Equal(30, train.ImageAt(2)[1023]);
    }

    [Fact]
    public void A_truncated_batch_names_the_file_and_the_record_size()
    {
        using var dir = new TempFolder();
        string folder = Cifar10.WriteBinaryLayout(dir.Path, Small);
        string batch = Path.Combine(folder, "data_batch_3.bin");
        byte[] bytes = File.ReadAllBytes(batch);
        File.WriteAllBytes(batch, bytes[..^100]);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Load(dir.Path, download: false));

        Assert.Contains(batch, e.Message, StringComparison.Ordinal);
        Assert.Contains("3073", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_out_of_range_names_the_file_and_record()
    {
        using var dir = new TempFolder();
        string folder = Cifar10.WriteBinaryLayout(dir.Path, Small);
        string batch = Path.Combine(folder, "test_batch.bin");
        byte[] bytes = File.ReadAllBytes(batch);
        bytes[3073] = 10;
        File.WriteAllBytes(batch, bytes);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.LoadFrom(folder));

        Assert.Contains(batch, e.Message, StringComparison.Ordinal);
        Assert.Contains("record 1 has label 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_or_wrong_meta_is_reported_by_name()
    {
        using var dir = new TempFolder();
        string folder = Cifar10.WriteBinaryLayout(dir.Path, Small);
        File.WriteAllText(Path.Combine(folder, "batches.meta.txt"), "cat\ndog\n");
        var meta = Assert.Throws<InvalidDataException>(() => Cifar10.LoadFrom(folder));
        Assert.Contains("names 2 classes", meta.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(folder, "batches.meta.txt"));
        var missing = Assert.Throws<InvalidDataException>(() => Cifar10.LoadFrom(folder));
        Assert.Contains("batches.meta.txt is missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_and_not_downloadable_says_where_to_put_the_files()
    {
        using var dir = new TempFolder();

        var e = Assert.Throws<DatasetNotFoundException>(() => Cifar10.Load(dir.Path, download: false));

        Assert.Contains(Cifar10.ArchiveName, e.Message, StringComparison.Ordinal);
        Assert.Contains(Cifar10.HomePage, e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir.Path, Cifar10.FolderName, "data_batch_1.bin"), e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Theory]
    [InlineData("size")]
    [InlineData("md5")]
    public void A_users_archive_that_fails_its_check_is_kept_and_named_even_when_downloading_is_allowed(string broken)
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] good = DataFiles.Cifar10Archive(Small);
        server.Serve(Cifar10.ArchiveName, good);
        byte[] placed = broken == "size" ? good[..^10] : good.Select((b, i) => i == 100 ? (byte)(b ^ 0xFF) : b).ToArray();
        string path = Path.Combine(dir.Path, Cifar10.ArchiveName);
        File.WriteAllBytes(path, placed);
        var source = new DownloadSource(server.BaseUrl, [new RemoteFile(Cifar10.ArchiveName, good.Length, DataFiles.Md5(good))]);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Load(dir.Path, download: true, source: source));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(broken == "size" ? $"{placed.Length} bytes" : $"MD5 {DataFiles.Md5(placed)}", e.Message, StringComparison.Ordinal);
        Assert.Contains("left as it is", e.Message, StringComparison.Ordinal);
        Assert.Equal(placed, File.ReadAllBytes(path));
        Assert.Equal([Cifar10.ArchiveName], dir.Entries());
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void A_data_dir_that_does_not_exist_is_an_error_naming_it_not_a_download_target()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] archive = DataFiles.Cifar10Archive(Small);
        server.Serve(Cifar10.ArchiveName, archive);
        var source = new DownloadSource(server.BaseUrl, [new RemoteFile(Cifar10.ArchiveName, archive.Length, DataFiles.Md5(archive))]);
        string missing = Path.Combine(dir.Path, "typo");

        var e = Assert.Throws<DatasetNotFoundException>(() => Cifar10.Load(missing, download: true, source: source));

        Assert.Contains($"{missing} does not exist", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public void An_archive_in_the_data_root_is_checked_and_extracted_without_downloading()
    {
        using var dir = new TempFolder();
        byte[] archive = DataFiles.Cifar10Archive(Small, ("cifar-10-batches-bin/../../escape.bin", [1, 2, 3]), ("other/readme.txt", [1]));
        File.WriteAllBytes(Path.Combine(dir.Path, Cifar10.ArchiveName), archive);
        var source = Cifar10.OfficialSource with { Files = [new RemoteFile(Cifar10.ArchiveName, archive.Length, DataFiles.Md5(archive))] };
        var progress = new List<DownloadProgress>();

        var data = Cifar10.Load(dir.Path, download: false, new SyncProgress(progress.Add), source);

        Assert.Equal(Small.Train.Pixels, data.Train.Pixels);
        Assert.Equal(Path.Combine(dir.Path, Cifar10.FolderName), data.Test.Source);
        Assert.Contains("cifar-10-batches-bin/readme.html", dir.Entries());
        Assert.DoesNotContain(dir.Entries(), e => e.Contains("escape", StringComparison.Ordinal) || e.StartsWith("other", StringComparison.Ordinal) || e.StartsWith('.'));
        Assert.Equal(DownloadStage.Extracting, progress[^1].Stage);
        Assert.Equal(1.0, progress[^1].Fraction);
    }

    [Fact]
    public void Download_verifies_extracts_and_loads_through_the_same_path()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] archive = DataFiles.Cifar10Archive(Small);
        server.Serve(Cifar10.ArchiveName, archive);
        var source = new DownloadSource(server.BaseUrl, [new RemoteFile(Cifar10.ArchiveName, archive.Length, DataFiles.Md5(archive))]);
        var progress = new List<DownloadProgress>();

        var data = Cifar10.Load(dir.Path, download: true, new SyncProgress(progress.Add), source);

        Assert.Equal(Small.Test.Pixels, data.Test.Pixels);
        Assert.Equal(archive, File.ReadAllBytes(Path.Combine(dir.Path, Cifar10.ArchiveName)));
        Assert.Contains(progress, p => p.Stage == DownloadStage.Downloading && p.BytesDone == archive.Length && p.TotalBytes == archive.Length);
        Assert.True(progress.Where(p => p.Stage == DownloadStage.Downloading).Select(p => p.BytesDone).SequenceEqual(
            progress.Where(p => p.Stage == DownloadStage.Downloading).Select(p => p.BytesDone).Order()));

        // A second load reads the folder: no new request.
        int requests = server.Requests;
        Cifar10.Load(dir.Path, download: true, null, source);
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public void A_transfer_cut_off_midway_leaves_nothing_behind()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] archive = DataFiles.Cifar10Archive(Small);
        server.Serve(Cifar10.ArchiveName, archive, sendBytes: archive.Length / 2);
        var source = new DownloadSource(server.BaseUrl, [new RemoteFile(Cifar10.ArchiveName, archive.Length, DataFiles.Md5(archive))]);

        var e = Assert.ThrowsAny<IOException>(() => Cifar10.Load(dir.Path, download: true, null, source));

        Assert.Contains("cut off", e.Message, StringComparison.Ordinal);
        Assert.Contains(server.BaseUrl + Cifar10.ArchiveName, e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_checksum_mismatch_leaves_nothing_behind()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] archive = DataFiles.Cifar10Archive(Small);
        server.Serve(Cifar10.ArchiveName, archive);
        string wrongMd5 = new('0', 32);
        var source = new DownloadSource(server.BaseUrl, [new RemoteFile(Cifar10.ArchiveName, archive.Length, wrongMd5)]);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Load(dir.Path, download: true, null, source));

        Assert.Contains("Checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains(DataFiles.Md5(archive), e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_size_other_than_the_expected_one_is_refused_before_downloading()
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] archive = DataFiles.Cifar10Archive(Small);
        server.Serve(Cifar10.ArchiveName, archive);
        var source = new DownloadSource(server.BaseUrl, [new RemoteFile(Cifar10.ArchiveName, 170052171, DataFiles.Md5(archive))]);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Load(dir.Path, download: true, null, source));

        Assert.Contains("170052171", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(-6.0)] // inside the gzip trailer's CRC-32
    public void A_corrupt_archive_that_passes_its_checksum_leaves_nothing_behind(double where)
    {
        using var dir = new TempFolder();
        using var server = new TestServer();
        byte[] archive = DataFiles.Cifar10Archive(Small);
        int position = where < 0 ? archive.Length + (int)where : (int)(archive.Length * where);
        archive[position] ^= 0xFF; // breaks the deflate stream or its CRC-32
        server.Serve(Cifar10.ArchiveName, archive);
        var source = new DownloadSource(server.BaseUrl, [new RemoteFile(Cifar10.ArchiveName, archive.Length, DataFiles.Md5(archive))]);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Load(dir.Path, download: true, null, source));

        Assert.Contains(Path.Combine(dir.Path, Cifar10.ArchiveName), e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void An_archive_with_a_broken_batch_is_refused_and_not_extracted()
    {
        using var dir = new TempFolder();
        byte[] archive = DataFiles.Cifar10Archive(Small, ("cifar-10-batches-bin/data_batch_2.bin", new byte[3072]));
        string path = Path.Combine(dir.Path, Cifar10.ArchiveName);
        File.WriteAllBytes(path, archive);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Extract(path, dir.Path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("data_batch_2.bin", e.Message, StringComparison.Ordinal);
        Assert.Equal([Cifar10.ArchiveName], dir.Entries()); // the user's own archive stays; nothing else
    }

    [Fact]
    public void An_archive_without_the_binary_folder_is_not_the_binary_version()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "cifar-10-python.tar.gz");
        using (var file = File.Create(path))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        using (var tar = new System.Formats.Tar.TarWriter(gzip))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "cifar-10-batches-py/data_batch_1")
            {
                DataStream = new MemoryStream([1, 2, 3]),
            });
        }

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.Extract(path, dir.Path));

        Assert.Contains("binary version", e.Message, StringComparison.Ordinal);
        Assert.Equal(["cifar-10-python.tar.gz"], dir.Entries());
    }

    [Fact]
    public void An_unreachable_server_gives_a_not_found_error_with_instructions()
    {
        using var dir = new TempFolder();
        var source = Cifar10.OfficialSource.WithBaseUrl(new Uri("http://127.0.0.1:9/"));

        var e = Assert.Throws<DatasetNotFoundException>(() => Cifar10.Load(dir.Path, download: true, null, source));

        Assert.Contains("http://127.0.0.1:9/cifar-10-binary.tar.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains(Cifar10.HomePage, e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_folder_itself_can_be_given_as_the_data_dir()
    {
        using var dir = new TempFolder();
        string folder = Cifar10.WriteSynthetic(dir.Path, trainPerClass: 1, testPerClass: 1);

        Assert.Equal(folder, Cifar10.Locate(folder));
        Assert.Equal(10, Cifar10.Load(folder, download: false).Train.Count);
    }

    [Fact]
    public void Write_binary_layout_validates_its_input()
    {
        using var dir = new TempFolder();
        var grey = new TrainTestSplit(
            SyntheticImages.Create("grey", 1, 1, 32, 32, Cifar10.ClassNames),
            SyntheticImages.Create("grey", 1, 1, 32, 32, Cifar10.ClassNames));

        var e = Assert.Throws<ArgumentException>(() => Cifar10.WriteBinaryLayout(dir.Path, grey));

        Assert.Contains("3x32x32", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_synthetic_write_refuses_a_folder_it_did_not_write_and_leaves_it_alone()
    {
        using var dir = new TempFolder();
        string real = Path.Combine(dir.Path, Cifar10.FolderName);
        Directory.CreateDirectory(real);
        File.WriteAllText(Path.Combine(real, "data_batch_1.bin"), "the user's real data");

        var e = Assert.Throws<IOException>(() => Cifar10.WriteSynthetic(dir.Path, trainPerClass: 1, testPerClass: 1));
        Assert.Throws<IOException>(() => Cifar10.WriteBinaryLayout(dir.Path, Small));

        Assert.Contains($"{real} already exists and was not written by a synthetic-data write", e.Message, StringComparison.Ordinal);
        Assert.Equal(["data_batch_1.bin"], Directory.GetFileSystemEntries(real).Select(Path.GetFileName));
        Assert.Equal("the user's real data", File.ReadAllText(Path.Combine(real, "data_batch_1.bin")));
        Assert.Equal([Cifar10.FolderName, Path.Combine(Cifar10.FolderName, "data_batch_1.bin")], dir.Entries());
    }

    [Fact]
    public void A_synthetic_write_replaces_the_folder_an_earlier_synthetic_write_left()
    {
        using var dir = new TempFolder();
        Cifar10.WriteSynthetic(dir.Path, trainPerClass: 1, testPerClass: 1);

        string folder = Cifar10.WriteSynthetic(dir.Path, trainPerClass: 2, testPerClass: 1);

        Assert.True(File.Exists(Path.Combine(folder, Cifar10.WrittenMarker)));
        Assert.Equal(20, Cifar10.Load(dir.Path, download: false).Train.Count);
    }
}
