using System.Formats.Tar;
using System.IO.Compression;
using NotebookKit.Files;

namespace NotebookKit.Data;

/// <summary>
/// CIFAR-10 (Krizhevsky 2009; PyTorch <c>torchvision.datasets.CIFAR10</c>), binary version: 50,000 training and
/// 10,000 test colour 32x32 images of 10 classes.
/// </summary>
/// <remarks>
/// Look-up order: the folder passed as <c>dataDir</c> when it is itself a <c>cifar-10-batches-bin</c> folder;
/// <c>cifar-10-batches-bin/</c> under the data root (<see cref="DataDirectory.Resolve"/>); an archive
/// <c>cifar-10-binary.tar.gz</c> in the data root (checked and extracted); then a download of that archive from
/// <see cref="OfficialSource"/> (size and MD5 checked, temp file + rename), extracted into a temporary folder that
/// is renamed into place only once every file has been read back correctly.
/// </remarks>
public static class Cifar10
{
    /// <summary>The folder the binary archive unpacks to, under the data root.</summary>
    public const string FolderName = "cifar-10-batches-bin";

    /// <summary>The binary archive's file name.</summary>
    public const string ArchiveName = "cifar-10-binary.tar.gz";

    /// <summary>The dataset's home page, where the archive can be downloaded by hand.</summary>
    public const string HomePage = "https://www.cs.toronto.edu/~kriz/cifar.html";

    /// <summary>The official class names, indexed by label (the loader reads them from <c>batches.meta.txt</c>).</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>The official archive: https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz, 170,052,171 bytes, with its published MD5.</summary>
    public static DownloadSource OfficialSource { get; } = new(
        new Uri("https://www.cs.toronto.edu/~kriz/"),
        [new RemoteFile(ArchiveName, 170052171, "c32a1d4ab5d03f1284b67883e8d87530")]);

    /// <summary>Loads the training and test splits, downloading and extracting the archive when needed.</summary>
    /// <param name="dataDir">A data root (holding <c>cifar-10-batches-bin/</c>) or that folder itself; null for the repository's <c>data/</c>.</param>
    /// <param name="download">Whether to download when neither the folder nor the archive is there (torchvision's <c>download</c>).</param>
    /// <param name="progress">Receives download and extraction progress.</param>
    /// <param name="source">Where to download from; null for <see cref="OfficialSource"/> (one file: the archive).</param>
    /// <exception cref="DatasetNotFoundException">Not on disk and not downloadable; the message says where to put the files.</exception>
    /// <exception cref="InvalidDataException">A batch file, the meta file or the archive is corrupt; the message names it.</exception>
    public static TrainTestSplit Load(
        string? dataDir = null,
        bool download = true,
        IProgress<DownloadProgress>? progress = null,
        DownloadSource? source = null) =>
        Task.Run(() => LoadAsync(dataDir, download, progress, source)).GetAwaiter().GetResult();

    /// <summary>Asynchronous form of <see cref="Load"/>.</summary>
    public static async Task<TrainTestSplit> LoadAsync(
        string? dataDir = null,
        bool download = true,
        IProgress<DownloadProgress>? progress = null,
        DownloadSource? source = null,
        CancellationToken cancellationToken = default)
    {
        DataDirectory.RequireExisting(dataDir, "CIFAR-10");
        string? folder = Locate(dataDir);
        if (folder is not null)
        {
            return LoadFrom(folder);
        }

        var (_, data) = await EnsureAsync(DataDirectory.Resolve(dataDir), download, progress, source, cancellationToken).ConfigureAwait(false);
        return data ?? throw new InvalidOperationException("CIFAR-10 was fetched but not loaded.");
    }

    /// <summary>The CIFAR-10 folder in the look-up order (it may still be incomplete), or null when there is none.</summary>
    public static string? Locate(string? dataDir = null)
    {
        if (dataDir is not null)
        {
            string given = DataDirectory.Resolve(dataDir);
            if (string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(given)), FolderName, StringComparison.Ordinal)
                || File.Exists(Path.Combine(given, Cifar10Binary.TrainFiles[0])))
            {
                return Directory.Exists(given) ? given : null;
            }
        }

        string folder = Path.Combine(DataDirectory.Resolve(dataDir), FolderName);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Reads a <c>cifar-10-batches-bin</c> folder: <c>data_batch_1..5.bin</c>, <c>test_batch.bin</c>, <c>batches.meta.txt</c>.</summary>
    /// <exception cref="InvalidDataException">A file is missing, truncated, or has a label out of range; the message names it.</exception>
    public static TrainTestSplit LoadFrom(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new DatasetNotFoundException($"{full} does not exist. {WhereToPutIt(Path.GetDirectoryName(full) ?? full)}");
        }

        string[] names = Cifar10Binary.ReadClassNames(full, ClassNames.Count);
        var (trainPixels, trainLabels) = Cifar10Binary.ReadBatches(full, Cifar10Binary.TrainFiles, names.Length);
        var (testPixels, testLabels) = Cifar10Binary.ReadBatches(full, [Cifar10Binary.TestFile], names.Length);
        const int side = Cifar10Binary.Side;
        return new TrainTestSplit(
            new ImageDataset("cifar10/train", trainPixels, trainLabels, Cifar10Binary.Channels, side, side, names, full),
            new ImageDataset("cifar10/test", testPixels, testLabels, Cifar10Binary.Channels, side, side, names, full));
    }

    /// <summary>
    /// Makes sure <c>cifar-10-batches-bin/</c> exists under the data root: extracts the archive found there, or downloads
    /// it first. Returns the folder. A folder already there is left as it is.
    /// </summary>
    public static async Task<string> FetchAsync(
        string? dataDir = null,
        IProgress<DownloadProgress>? progress = null,
        DownloadSource? source = null,
        CancellationToken cancellationToken = default)
    {
        string root = DataDirectory.Resolve(dataDir);
        string folder = Path.Combine(root, FolderName);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var (path, _) = await EnsureAsync(root, download: true, progress, source, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>
    /// Extracts <c>cifar-10-batches-bin/</c> from a binary archive into <paramref name="dataDir"/>, checks every
    /// file, and returns the folder. Nothing is left behind when the archive is corrupt.
    /// </summary>
    /// <exception cref="InvalidDataException">The archive is not a valid CIFAR-10 binary archive; the message names it.</exception>
    /// <exception cref="IOException">The folder already exists.</exception>
    public static string Extract(string archivePath, string dataDir, IProgress<DownloadProgress>? progress = null) =>
        ExtractAndLoad(Path.GetFullPath(archivePath), DataDirectory.Resolve(dataDir), progress).Folder;

    /// <summary>
    /// The file <see cref="WriteBinaryLayout"/> and <see cref="WriteSynthetic"/> leave in the folders they write: only a
    /// folder holding it is replaced by the next write, so a real CIFAR-10 folder is never deleted.
    /// </summary>
    public const string WrittenMarker = ".nbkit-written";

    /// <summary>
    /// Writes <paramref name="data"/> as a <c>cifar-10-batches-bin</c> folder in the official binary layout under
    /// <paramref name="dataDir"/> (the training split spread over five batch files), with a <see cref="WrittenMarker"/>
    /// file. Written into a temporary folder, then renamed into place; a folder an earlier write left there (it holds
    /// the marker) is replaced, any other folder (the real dataset, say) is refused before any work and left alone.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not 3x32x32, there are not 10 classes, or a split is too small.</exception>
    /// <exception cref="IOException">A <c>cifar-10-batches-bin</c> folder not written by this method is already there.</exception>
    public static string WriteBinaryLayout(string dataDir, TrainTestSplit data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var split in new[] { data.Train, data.Test })
        {
            if (split.Channels != Cifar10Binary.Channels || split.Height != Cifar10Binary.Side || split.Width != Cifar10Binary.Side)
            {
                throw new ArgumentException($"{split.Name}: CIFAR-10 images are 3x32x32, not {split.Channels}x{split.Height}x{split.Width}.", nameof(data));
            }

            if (split.ClassNames.Count != ClassNames.Count)
            {
                throw new ArgumentException($"{split.Name}: CIFAR-10 has {ClassNames.Count} classes, not {split.ClassNames.Count}.", nameof(data));
            }

            if (split.ClassNames.Any(n => string.IsNullOrWhiteSpace(n) || n.Contains('\n', StringComparison.Ordinal)))
            {
                throw new ArgumentException($"{split.Name}: class names must be non-empty single lines (batches.meta.txt has one per line).", nameof(data));
            }

            split.ClassCounts(); // throws when a label is out of range
        }

        if (data.Train.Count < Cifar10Binary.TrainFiles.Length || data.Test.Count < 1)
        {
            throw new ArgumentException(
                $"The training split needs at least {Cifar10Binary.TrainFiles.Length} images (one per batch file) and the test split at least 1.", nameof(data));
        }

        string root = DataDirectory.Resolve(dataDir);
        string folder = Path.Combine(root, FolderName);
        if (Directory.Exists(folder) && !File.Exists(Path.Combine(folder, WrittenMarker)))
        {
            throw new IOException(
                $"{folder} already exists and was not written by a synthetic-data write (it has no {WrittenMarker} file); it may be your "
                + "CIFAR-10, which is never deleted to make room for generated images. Give another data folder, or move that one away.");
        }

        Directory.CreateDirectory(root);
        string temp = AtomicFile.TempPathFor(folder);
        try
        {
            Directory.CreateDirectory(temp);
            int batches = Cifar10Binary.TrainFiles.Length;
            for (int b = 0; b < batches; b++)
            {
                int start = (int)((long)data.Train.Count * b / batches);
                int end = (int)((long)data.Train.Count * (b + 1) / batches);
                Cifar10Binary.WriteBatch(Path.Combine(temp, Cifar10Binary.TrainFiles[b]), data.Train, start, end - start);
            }

            Cifar10Binary.WriteBatch(Path.Combine(temp, Cifar10Binary.TestFile), data.Test, 0, data.Test.Count);
            AtomicFile.WriteAllText(Path.Combine(temp, Cifar10Binary.MetaFile), string.Join("\n", data.Train.ClassNames) + "\n\n");
            AtomicFile.WriteAllText(Path.Combine(temp, WrittenMarker), "Written by NotebookKit (Cifar10.WriteBinaryLayout); the next such write replaces this folder.\n");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.Move(temp, folder);
            return folder;
        }
        catch
        {
            AtomicFile.TryDeleteDirectory(temp);
            throw;
        }
    }

    /// <summary>Synthetic CIFAR-10-shaped splits (see <see cref="SyntheticImages.Create"/>): 3x32x32, the official class names.</summary>
    public static TrainTestSplit Synthetic(int trainPerClass, int testPerClass, ulong seed = 0) => new(
        SyntheticImages.Create("cifar10/train", trainPerClass, Cifar10Binary.Channels, Cifar10Binary.Side, Cifar10Binary.Side, ClassNames, seed),
        SyntheticImages.Create("cifar10/test", testPerClass, Cifar10Binary.Channels, Cifar10Binary.Side, Cifar10Binary.Side, ClassNames, seed ^ 0x9E3779B97F4A7C15UL));

    /// <summary>
    /// Writes a synthetic CIFAR-10 folder (<see cref="Synthetic"/>) in the official binary layout under <paramref name="dataDir"/>,
    /// for tests and quick notebook runs; returns the folder. Load it with <c>Cifar10.Load(dataDir)</c>. It replaces only
    /// a folder an earlier synthetic write left (see <see cref="WrittenMarker"/>), never the real dataset.
    /// </summary>
    /// <exception cref="IOException">A <c>cifar-10-batches-bin</c> folder not written by this method is already there.</exception>
    public static string WriteSynthetic(string dataDir, int trainPerClass, int testPerClass, ulong seed = 0) =>
        WriteBinaryLayout(dataDir, Synthetic(trainPerClass, testPerClass, seed));

    private static async Task<(string Folder, TrainTestSplit? Data)> EnsureAsync(
        string root,
        bool download,
        IProgress<DownloadProgress>? progress,
        DownloadSource? source,
        CancellationToken cancellationToken)
    {
        source ??= OfficialSource;
        if (source.Files.Count != 1)
        {
            throw new ArgumentException($"A CIFAR-10 download source has exactly one file (the archive), not {source.Files.Count}.", nameof(source));
        }

        var remote = source.Files[0];
        string archive = Path.Combine(root, remote.Name);
        bool downloaded = false;
        if (File.Exists(archive))
        {
            // An archive at the final name was put there by the user (our own downloads only appear there once they
            // passed these checks): it is never deleted or replaced, even when downloading is allowed.
            string? problem = FileDownloader.Verify(archive, remote);
            if (problem is not null)
            {
                throw new InvalidDataException(
                    $"{problem} The file was left as it is: nbkit never deletes a file it did not download. "
                    + $"Replace it with the official archive, or move it away{(download ? " and run again to download it" : "")}. {WhereToPutIt(root)}");
            }
        }

        if (!File.Exists(archive))
        {
            if (!download)
            {
                throw new DatasetNotFoundException($"CIFAR-10 was not found in {root} and downloading is off. {WhereToPutIt(root)}");
            }

            await FileDownloader.DownloadDatasetFileAsync(
                source, remote, root, progress, failure => $"CIFAR-10 was not found in {root} and could not be downloaded ({failure}). {WhereToPutIt(root)}", cancellationToken)
                .ConfigureAwait(false);
            downloaded = true;
        }

        try
        {
            var (folder, data) = ExtractAndLoad(archive, root, progress);
            return (folder, data);
        }
        catch (InvalidDataException) when (downloaded)
        {
            // The archive came from this call: remove it so a rerun downloads it again.
            AtomicFile.TryDeleteFile(archive);
            throw;
        }
    }

    private static (string Folder, TrainTestSplit Data) ExtractAndLoad(string archive, string root, IProgress<DownloadProgress>? progress)
    {
        if (!File.Exists(archive))
        {
            throw new DatasetNotFoundException($"{archive} does not exist. {WhereToPutIt(root)}");
        }

        string folder = Path.Combine(root, FolderName);
        if (Directory.Exists(folder))
        {
            throw new IOException($"{folder} already exists; delete it to extract {archive} again.");
        }

        Directory.CreateDirectory(root);
        string temp = AtomicFile.TempPathFor(folder);
        try
        {
            Directory.CreateDirectory(temp);
            ExtractEntries(archive, temp, progress);
            TrainTestSplit data;
            try
            {
                data = LoadFrom(temp);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException(
                    $"{archive} is not a valid CIFAR-10 binary archive: {e.Message.Replace(temp, FolderName, StringComparison.Ordinal)}", e);
            }

            Directory.Move(temp, folder);
            return (folder, new TrainTestSplit(data.Train with { Source = folder }, data.Test with { Source = folder }));
        }
        catch
        {
            AtomicFile.TryDeleteDirectory(temp);
            throw;
        }
    }

    private static void ExtractEntries(string archive, string target, IProgress<DownloadProgress>? progress)
    {
        string prefix = FolderName + "/";
        string name = Path.GetFileName(archive);
        int extracted = 0;
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            progress?.Report(new DownloadProgress(name, 0, file.Length, DownloadStage.Extracting));
            while (tar.GetNextEntry() is { } entry)
            {
                string path = entry.Name.Replace('\\', '/');
                if (path.StartsWith("./", StringComparison.Ordinal))
                {
                    path = path[2..];
                }

                // Only plain files directly inside cifar-10-batches-bin/: no links, no nested or escaping paths.
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                string fileName = path[prefix.Length..];
                if (fileName.Length == 0 || fileName.Contains('/', StringComparison.Ordinal) || fileName is "." or "..")
                {
                    continue;
                }

                entry.ExtractToFile(Path.Combine(target, fileName), overwrite: true);
                extracted++;
                progress?.Report(new DownloadProgress(name, file.Position, file.Length, DownloadStage.Extracting));
            }

            // TarReader stops at the end-of-archive marker; read the gzip stream to its end so its CRC-32
            // trailer is checked too (a flipped bit can otherwise decompress "successfully" into wrong pixels).
            gzip.CopyTo(Stream.Null);
            progress?.Report(new DownloadProgress(name, file.Length, file.Length, DownloadStage.Extracting));
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"{archive} is corrupt ({e.Message}); delete it and download it again.", e);
        }

        if (extracted == 0)
        {
            throw new InvalidDataException(
                $"{archive} has no {FolderName}/ folder: it is not the CIFAR-10 binary version (the Python and MATLAB versions use other folders).");
        }
    }

    /// <summary>How to get CIFAR-10 into the data root, in one paragraph (for error messages and <c>nbkit data info</c>).</summary>
    public static string HowToGet(string? dataDir = null) => WhereToPutIt(DataDirectory.Resolve(dataDir));

    private static string WhereToPutIt(string root) =>
        $"Download {ArchiveName} from {HomePage} (\"CIFAR-10 binary version\") and put it in {root}, "
        + $"or extract it there so that {Path.Combine(root, FolderName, Cifar10Binary.TrainFiles[0])} exists; "
        + "or run `nbkit data fetch cifar10` on a machine with internet access.";
}
