using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

/// <summary>Writes small dataset files in the official formats, for tests.</summary>
public static class DataFiles
{
    /// <summary>An IDX image file: magic 2051, count, rows, columns, then the pixels.</summary>
    public static byte[] IdxImages(int count, int rows, int columns, byte[] pixels, int magic = 0x0803)
    {
        byte[] bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    /// <summary>An IDX label file: magic 2049, count, then the labels.</summary>
    public static byte[] IdxLabels(byte[] labels, int magic = 0x0801)
    {
        byte[] bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A small Fashion-MNIST-layout folder (gzip files, official names) from a synthetic 1x28x28 dataset.</summary>
    public static TrainTestSplit WriteFashionMnist(string folder, int trainPerClass = 3, int testPerClass = 2, bool gzip = true)
    {
        var train = SyntheticImages.Create("train", trainPerClass, 1, 28, 28, FashionMnist.ClassNames, 1);
        var test = SyntheticImages.Create("test", testPerClass, 1, 28, 28, FashionMnist.ClassNames, 2);
        Directory.CreateDirectory(folder);
        void Write(string stem, byte[] bytes) =>
            File.WriteAllBytes(Path.Combine(folder, gzip ? stem + ".gz" : stem), gzip ? Gzip(bytes) : bytes);
        Write(FashionMnist.TrainImagesFile, IdxImages(train.Count, 28, 28, train.Pixels));
        Write(FashionMnist.TrainLabelsFile, IdxLabels(train.Labels));
        Write(FashionMnist.TestImagesFile, IdxImages(test.Count, 28, 28, test.Pixels));
        Write(FashionMnist.TestLabelsFile, IdxLabels(test.Labels));
        return new TrainTestSplit(train, test);
    }

    /// <summary>
    /// A tar.gz with the official structure: <c>cifar-10-batches-bin/</c> holding the five data batches, the test batch,
    /// <c>batches.meta.txt</c> and <c>readme.html</c>. <paramref name="extraEntries"/> adds (name, bytes) entries.
    /// </summary>
    public static byte[] Cifar10Archive(TrainTestSplit data, params (string Name, byte[] Bytes)[] extraEntries)
    {
        using var layout = new TempFolder();
        string folder = Cifar10.WriteBinaryLayout(layout.Path, data);
        File.WriteAllText(Path.Combine(folder, "readme.html"), "<meta HTTP-EQUIV=\"REFRESH\" content=\"0; url=http://www.cs.toronto.edu/~kriz/cifar.html\">");
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, Cifar10.FolderName + "/"));
            // The official archive has no marker of ours.
            foreach (string file in Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != Cifar10.WrittenMarker).Order(StringComparer.Ordinal))
            {
                tar.WriteEntry(file, Cifar10.FolderName + "/" + Path.GetFileName(file));
            }

            foreach (var (name, bytes) in extraEntries)
            {
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
            }
        }

        return output.ToArray();
    }

    public static string Md5(byte[] bytes) => Convert.ToHexString(System.Security.Cryptography.MD5.HashData(bytes)).ToLowerInvariant();
}
