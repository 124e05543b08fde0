using System.Buffers.Binary;
using System.IO.Compression;

namespace NotebookKit.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST, gzip-compressed or raw (detected from the file's first bytes).
/// </summary>
/// <remarks>
/// Layout (yann.lecun.com/exdb/mnist): a big-endian magic number <c>0x0000TTDD</c> (TT = 0x08 for unsigned
/// bytes, DD = number of dimensions), then DD big-endian 32-bit sizes, then the data. Images are
/// <c>0x00000803</c> (2051: count, rows, columns), labels <c>0x00000801</c> (2049: count).
/// </remarks>
public static class IdxReader
{
    /// <summary>The magic number of an image file (unsigned bytes, 3 dimensions).</summary>
    public const int ImagesMagic = 0x0803;

    /// <summary>The magic number of a label file (unsigned bytes, 1 dimension).</summary>
    public const int LabelsMagic = 0x0801;

    /// <summary>Reads an image file.</summary>
    /// <exception cref="InvalidDataException">Wrong magic number, implausible sizes, or a truncated file; the message names the file.</exception>
    public static IdxImages ReadImages(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = Open(path);
        int[] dims = ReadHeader(stream, path, ImagesMagic, "image", 3);
        long length = (long)dims[0] * dims[1] * dims[2];
        byte[] pixels = ReadBody(stream, path, length, $"{dims[0]} images of {dims[1]}x{dims[2]} pixels");
        return new IdxImages(dims[0], dims[1], dims[2], pixels);
    }

    /// <summary>Reads a label file: one byte per image.</summary>
    /// <exception cref="InvalidDataException">Wrong magic number or a truncated file; the message names the file.</exception>
    public static byte[] ReadLabels(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = Open(path);
        int[] dims = ReadHeader(stream, path, LabelsMagic, "label", 1);
        return ReadBody(stream, path, dims[0], $"{dims[0]} labels");
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> head = stackalloc byte[2];
            int n = file.Read(head);
            file.Position = 0;
            // gzip members start with 1F 8B; IDX files start with two zero bytes, so the two never collide.
            return n == 2 && head[0] == 0x1F && head[1] == 0x8B
                ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false)
                : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static int[] ReadHeader(Stream stream, string path, int magic, string kind, int rank)
    {
        byte[] header = new byte[4 * (1 + rank)];
        int got = ReadFully(stream, path, header);
        if (got < 4)
        {
            throw new InvalidDataException($"{path} is truncated: it ends before the IDX header ({got} bytes).");
        }

        int actualMagic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (actualMagic != magic)
        {
            string hint = actualMagic switch
            {
                ImagesMagic => " (that is an image file)",
                LabelsMagic => " (that is a label file)",
                _ => "",
            };
            throw new InvalidDataException(
                $"{path} is not an IDX {kind} file: magic number {actualMagic}{hint}, expected {magic}.");
        }

        if (got < header.Length)
        {
            throw new InvalidDataException($"{path} is truncated: it ends inside the IDX header ({got} of {header.Length} bytes).");
        }

        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * (i + 1)));
            if (dims[i] <= 0)
            {
                throw new InvalidDataException($"{path} has an invalid IDX header: dimension {i} is {dims[i]}.");
            }
        }

        // The product of three 32-bit sizes can exceed 64 bits: multiply in floating point, which cannot wrap around.
        double total = dims.Aggregate(1.0, (a, d) => a * d);
        if (total > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{path} has an implausible IDX header: {string.Join(" x ", dims)} = {total:0.###e0} bytes of data, more than one array can hold ({Array.MaxLength}).");
        }

        // A raw file must hold what its header announces; checking before allocating keeps a damaged header from
        // reserving gigabytes for a file of a few bytes. (A gzip stream's length is only known once read: see ReadBody.)
        if (stream is FileStream file && file.Length - header.Length < total)
        {
            throw new InvalidDataException(
                $"{path} is truncated or has a damaged IDX header: the header announces {string.Join(" x ", dims)} = {total:0} bytes of data but the file holds {file.Length - header.Length}.");
        }

        return dims;
    }

    private static byte[] ReadBody(Stream stream, string path, long length, string what)
    {
        // Grow the buffer as data arrives (from 1 MiB, doubling), so memory follows the bytes actually in the file,
        // not the size a damaged header claims.
        byte[] data = new byte[Math.Min(length, 1L << 20)];
        long got = 0;
        while (true)
        {
            got += ReadFully(stream, path, data.AsSpan((int)got));
            if (got < data.Length || data.Length == length)
            {
                break;
            }

            Array.Resize(ref data, (int)Math.Min(length, 2L * data.Length));
        }

        if (got < length)
        {
            throw new InvalidDataException(
                $"{path} is truncated: its header announces {what} ({length} bytes) but the data ends after {got} bytes.");
        }

        Span<byte> extra = stackalloc byte[1];
        if (ReadFully(stream, path, extra) != 0)
        {
            throw new InvalidDataException($"{path} has bytes after the {what} its header announces: it is not a valid IDX file.");
        }

        return data;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; a corrupt gzip stream is reported with the path.</summary>
    private static int ReadFully(Stream stream, string path, Span<byte> buffer)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is corrupt: {e.Message}", e);
        }
        catch (EndOfStreamException)
        {
            // A gzip stream cut short ends here; the caller reports the file as truncated.
        }

        return total;
    }
}
