using NotebookKit.Files;

namespace NotebookKit.Data;

/// <summary>
/// The CIFAR-10 binary layout (www.cs.toronto.edu/~kriz/cifar.html, "Binary version"): each batch file is a
/// run of 3073-byte records, 1 label byte then 3072 pixel bytes (1024 red, 1024 green, 1024 blue, rows of 32);
/// <c>batches.meta.txt</c> names the classes, one per line.
/// </summary>
internal static class Cifar10Binary
{
    public const int Side = 32;
    public const int Channels = 3;
    public const int ImageBytes = Channels * Side * Side;
    public const int RecordBytes = 1 + ImageBytes;
    public const string MetaFile = "batches.meta.txt";
    public const string TestFile = "test_batch.bin";
    public static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The class names in <c>batches.meta.txt</c> (non-empty lines, trimmed).</summary>
    public static string[] ReadClassNames(string folder, int expected)
    {
        string path = Path.Combine(folder, MetaFile);
        RequireFile(folder, path);
        string[] names = File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .ToArray();
        if (names.Length != expected)
        {
            throw new InvalidDataException(
                $"{path} names {names.Length} classes; CIFAR-10 has {expected} (one name per line).");
        }

        return names;
    }

    /// <summary>Reads and concatenates batch files; checks record sizes and label range.</summary>
    public static (byte[] Pixels, byte[] Labels) ReadBatches(string folder, IReadOnlyList<string> fileNames, int classCount)
    {
        var paths = fileNames.Select(name => Path.Combine(folder, name)).ToArray();
        long records = 0;
        foreach (string path in paths)
        {
            RequireFile(folder, path);
            long length = new FileInfo(path).Length;
            if (length == 0 || length % RecordBytes != 0)
            {
                throw new InvalidDataException(
                    $"{path} is {length} bytes, not a whole number of {RecordBytes}-byte CIFAR-10 records "
                    + $"(1 label byte + {ImageBytes} pixel bytes): the file is truncated or not a CIFAR-10 binary batch.");
            }

            records += length / RecordBytes;
        }

        if (records * ImageBytes > Array.MaxLength)
        {
            throw new InvalidDataException($"{folder} holds {records} images: too many to load at once.");
        }

        byte[] pixels = new byte[records * ImageBytes];
        byte[] labels = new byte[records];
        int index = 0;
        foreach (string path in paths)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length % RecordBytes != 0)
            {
                throw new InvalidDataException($"{path} changed while it was being read.");
            }

            for (int r = 0; r < bytes.Length / RecordBytes; r++, index++)
            {
                int offset = r * RecordBytes;
                byte label = bytes[offset];
                if (label >= classCount)
                {
                    throw new InvalidDataException(
                        $"{path}: record {r} has label {label}, but CIFAR-10 labels are 0..{classCount - 1}; the file is corrupt.");
                }

                labels[index] = label;
                bytes.AsSpan(offset + 1, ImageBytes).CopyTo(pixels.AsSpan(index * ImageBytes, ImageBytes));
            }
        }

        return (pixels, labels);
    }

    /// <summary>Writes images <c>[start, start + count)</c> of <paramref name="data"/> as one batch file (temp file + rename).</summary>
    public static void WriteBatch(string path, ImageDataset data, int start, int count)
    {
        AtomicFile.Write(path, stream =>
        {
            byte[] record = new byte[RecordBytes];
            for (int i = start; i < start + count; i++)
            {
                record[0] = data.Labels[i];
                data.ImageAt(i).CopyTo(record.AsSpan(1));
                stream.Write(record);
            }
        });
    }

    private static void RequireFile(string folder, string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException(
                $"{folder} is not a complete CIFAR-10 binary folder: {Path.GetFileName(path)} is missing. "
                + $"Delete the folder and run `nbkit data fetch cifar10`, or extract {Cifar10.ArchiveName} there again.");
        }
    }
}
