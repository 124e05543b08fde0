using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class IdxReaderTests
{
    private static readonly byte[] Pixels = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_raw_or_gzip(bool gzip)
    {
        using var dir = new TempFolder();
        string images = Path.Combine(dir.Path, "images");
        string labels = Path.Combine(dir.Path, "labels");
        byte[] imageBytes = DataFiles.IdxImages(2, 3, 4, Pixels);
        byte[] labelBytes = DataFiles.IdxLabels([4, 9]);
        File.WriteAllBytes(images, gzip ? DataFiles.Gzip(imageBytes) : imageBytes);
        File.WriteAllBytes(labels, gzip ? DataFiles.Gzip(labelBytes) : labelBytes);

        var read = IdxReader.ReadImages(images);

        Assert.Equal((2, 3, 4), (read.Count, read.Rows, read.Columns));
        Assert.Equal(Pixels, read.Pixels);
        Assert.Equal(new byte[] { 4, 9 }, IdxReader.ReadLabels(labels));
    }

    [Fact]
    public void A_label_file_read_as_images_names_the_file_and_both_magic_numbers()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "train-labels-idx1-ubyte");
        File.WriteAllBytes(path, DataFiles.IdxLabels([1, 2, 3]));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("magic number 2049", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 2051", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_magic_number_in_a_label_file_is_reported()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "labels");
        File.WriteAllBytes(path, DataFiles.IdxLabels([1, 2, 3], magic: 0x0802));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("expected 2049", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 16 + 10)]
    [InlineData(true, 16 + 10)]
    [InlineData(false, 9)]
    public void A_truncated_file_names_the_file(bool gzip, int keep)
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "train-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        byte[] full = DataFiles.IdxImages(2, 3, 4, Pixels);
        byte[] cut = full[..keep];
        File.WriteAllBytes(path, gzip ? DataFiles.Gzip(cut) : cut);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_file_cut_short_is_reported_with_its_name()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "t10k-images-idx3-ubyte.gz");
        byte[] gz = DataFiles.Gzip(DataFiles.IdxImages(2, 3, 4, Pixels));
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_announced_data_are_rejected()
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "labels");
        File.WriteAllBytes(path, [.. DataFiles.IdxLabels([1, 2]), 7]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1 << 21, 1 << 21, 1 << 22)] // the product is 2^64: it wraps around to 0 in 64-bit integers
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue)]
    [InlineData(60000, 28000, 28000)]
    public void A_header_whose_sizes_multiply_beyond_any_array_is_implausible(int count, int rows, int columns)
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "images");
        File.WriteAllBytes(path, DataFiles.IdxImages(count, rows, columns, []));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains($"implausible IDX header: {count} x {rows} x {columns}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_header_announcing_more_than_the_file_holds_is_refused_naming_both_sizes(bool gzip)
    {
        using var dir = new TempFolder();
        string path = Path.Combine(dir.Path, "images");
        byte[] bytes = DataFiles.IdxImages(60000, 28, 28, new byte[100]);
        File.WriteAllBytes(path, gzip ? DataFiles.Gzip(bytes) : bytes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Memory follows the file, not the header: far less than the 47 MB the header claims.
        Assert.InRange(allocated, 0, 8L << 20);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("47040000 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("100", e.Message, StringComparison.Ordinal);
    }
}
