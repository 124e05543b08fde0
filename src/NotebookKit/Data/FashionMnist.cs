namespace NotebookKit.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017; PyTorch <c>torchvision.datasets.FashionMNIST</c>):
/// 60,000 training and 10,000 test grey 28x28 images of 10 clothing classes, in IDX files.
/// </summary>
/// <remarks>
/// Look-up order: the folder passed as <c>dataDir</c> itself; <c>fashion-mnist/</c> under the data root
/// (<see cref="DataDirectory.Resolve"/>: <c>dataDir</c>, else the repository's <c>data/</c>); only when no
/// <c>dataDir</c> is given, the Debian package <c>dataset-fashion-mnist</c> at <see cref="SystemFolder"/>; then a
/// download from <see cref="OfficialSource"/> into the data root, each file checked against its published MD5.
/// A <c>dataDir</c> that does not exist is an error naming it: loading never falls back to another folder.
/// Files may be gzip-compressed (<c>.gz</c>) or raw.
/// </remarks>
public static class FashionMnist
{
    /// <summary>The folder under the data root that holds the four files.</summary>
    public const string FolderName = "fashion-mnist";

    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string SystemFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The training images file (without <c>.gz</c>).</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    /// <summary>The training labels file (without <c>.gz</c>).</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>The test images file (without <c>.gz</c>).</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>The test labels file (without <c>.gz</c>).</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    private static readonly string[] Stems = [TrainImagesFile, TrainLabelsFile, TestImagesFile, TestLabelsFile];

    /// <summary>The class names, indexed by label (as in the dataset's README and torchvision's <c>classes</c>).</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The official download: the dataset authors' server, with the MD5s torchvision checks.</summary>
    public static DownloadSource OfficialSource { get; } = new(
        new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
        [
            new RemoteFile(TrainImagesFile + ".gz", 26421880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new RemoteFile(TrainLabelsFile + ".gz", 29515, "25c81989df183df01b3e8a0aad5dffbe"),
            new RemoteFile(TestImagesFile + ".gz", 4422102, "bef4ecab320f06d8554ea6380940ec79"),
            new RemoteFile(TestLabelsFile + ".gz", 5148, "bb300cfdad3c16e7a12a480ee83cd310"),
        ]);

    /// <summary>Loads the training and test splits, downloading them when they are nowhere on disk.</summary>
    /// <param name="dataDir">A folder holding the four files, or a data root with a <c>fashion-mnist/</c> folder; null for the repository's <c>data/</c>.</param>
    /// <param name="download">Whether to download when the files are not found (torchvision's <c>download</c>).</param>
    /// <param name="progress">Receives download progress.</param>
    /// <param name="source">Where to download from; null for <see cref="OfficialSource"/>.</param>
    /// <exception cref="DatasetNotFoundException">Not on disk and not downloadable; the message says where to put the files.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt or truncated; the message names it.</exception>
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
        DataDirectory.RequireExisting(dataDir, "Fashion-MNIST");
        string? folder = Locate(dataDir);
        if (folder is null)
        {
            string root = DataDirectory.Resolve(dataDir);
            if (!download)
            {
                throw new DatasetNotFoundException(NotFoundMessage(dataDir, root, "downloading is off"));
            }

            folder = await FetchAsync(dataDir, progress, source, cancellationToken).ConfigureAwait(false);
        }

        return LoadFrom(folder);
    }

    /// <summary>The first folder in the look-up order that holds all four files, or null.</summary>
    public static string? Locate(string? dataDir = null)
    {
        foreach (string candidate in Candidates(dataDir))
        {
            if (Stems.All(stem => FindFile(candidate, stem) is not null))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Reads the four IDX files in <paramref name="folder"/> (no look-up, no download).</summary>
    /// <exception cref="InvalidDataException">A file is missing, corrupt or truncated, counts disagree, or a label is out of range.</exception>
    public static TrainTestSplit LoadFrom(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string full = Path.GetFullPath(folder);
        var train = ReadSplit(full, "train", TrainImagesFile, TrainLabelsFile);
        var test = ReadSplit(full, "test", TestImagesFile, TestLabelsFile);
        if (train.Height != test.Height || train.Width != test.Width)
        {
            throw new InvalidDataException(
                $"{full}: training images are {train.Height}x{train.Width} but test images are {test.Height}x{test.Width}.");
        }

        return new TrainTestSplit(train, test);
    }

    /// <summary>
    /// Downloads the files that are missing from <c>fashion-mnist/</c> under the data root (checking size and MD5,
    /// through temp file + rename) and returns that folder. Files already there are kept.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">The server is unreachable or failed; the message says where to put the files.</exception>
    /// <exception cref="InvalidDataException">A received file has the wrong size or MD5 (it is discarded).</exception>
    public static async Task<string> FetchAsync(
        string? dataDir = null,
        IProgress<DownloadProgress>? progress = null,
        DownloadSource? source = null,
        CancellationToken cancellationToken = default)
    {
        source ??= OfficialSource;
        string root = DataDirectory.Resolve(dataDir);
        string folder = Path.Combine(root, FolderName);
        foreach (var file in source.Files)
        {
            string stem = file.Name.EndsWith(".gz", StringComparison.Ordinal) ? file.Name[..^3] : file.Name;
            if (FindFile(folder, stem) is not null)
            {
                continue;
            }

            await FileDownloader.DownloadDatasetFileAsync(
                source, file, folder, progress, failure => NotFoundMessage(dataDir, root, $"the download failed: {failure}"), cancellationToken)
                .ConfigureAwait(false);
        }

        return folder;
    }

    /// <summary>Where the loader looks and how to get the files, in one paragraph (for error messages and <c>nbkit data info</c>).</summary>
    public static string HowToGet(string? dataDir = null) =>
        NotFoundMessage(dataDir, DataDirectory.Resolve(dataDir), "was not downloaded");

    private static IEnumerable<string> Candidates(string? dataDir)
    {
        if (dataDir is not null)
        {
            yield return DataDirectory.Resolve(dataDir);
        }

        yield return Path.Combine(DataDirectory.Resolve(dataDir), FolderName);

        // The system copy is only a default: a folder the caller names is used or refused, never silently replaced.
        if (dataDir is null)
        {
            yield return SystemFolder;
        }
    }

    private static string? FindFile(string folder, string stem)
    {
        string gz = Path.Combine(folder, stem + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        string raw = Path.Combine(folder, stem);
        return File.Exists(raw) ? raw : null;
    }

    private static ImageDataset ReadSplit(string folder, string split, string imagesStem, string labelsStem)
    {
        string imagesPath = FindFile(folder, imagesStem)
            ?? throw new InvalidDataException($"{folder} has no {imagesStem}.gz (or {imagesStem}): Fashion-MNIST needs all four IDX files there.");
        string labelsPath = FindFile(folder, labelsStem)
            ?? throw new InvalidDataException($"{folder} has no {labelsStem}.gz (or {labelsStem}): Fashion-MNIST needs all four IDX files there.");
        var images = IdxReader.ReadImages(imagesPath);
        byte[] labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"{imagesPath} has {images.Count} images but {labelsPath} has {labels.Length} labels: the counts must agree.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= ClassNames.Count)
            {
                throw new InvalidDataException(
                    $"{labelsPath}: label {labels[i]} of image {i} is out of range; Fashion-MNIST labels are 0..{ClassNames.Count - 1}.");
            }
        }

        return new ImageDataset($"fashion-mnist/{split}", images.Pixels, labels, 1, images.Rows, images.Columns, ClassNames, imagesPath);
    }

    private static string NotFoundMessage(string? dataDir, string root, string reason)
    {
        string looked = string.Join(", ", Candidates(dataDir).Distinct(StringComparer.Ordinal));
        return $"Fashion-MNIST was not found (looked in {looked}) and {reason}. "
               + $"Install the Debian package dataset-fashion-mnist, or put {string.Join(", ", Stems.Select(s => s + ".gz"))} "
               + $"(from {OfficialSource.BaseUrl}) in {Path.Combine(root, FolderName)}, or run `nbkit data fetch fashion-mnist`.";
    }
}
