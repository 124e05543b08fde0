namespace NotebookKit.Data;

/// <summary>
/// Finds the data root: the folder that holds <c>fashion-mnist/</c>, <c>cifar-10-batches-bin/</c> and downloads.
/// </summary>
/// <remarks>
/// Without an explicit folder the repository's <c>data/</c> folder is used, found by walking up from the
/// current directory (so a notebook running in <c>notebooks/</c> finds <c>../data</c>); outside the
/// repository it is <c>./data</c>.
/// </remarks>
public static class DataDirectory
{
    /// <summary>The name of the repository's data folder.</summary>
    public const string FolderName = "data";

    /// <summary>The data root: <paramref name="dataDir"/> when given, else the repository's <c>data/</c>, else <c>./data</c>.</summary>
    public static string Resolve(string? dataDir = null)
    {
        if (dataDir is not null)
        {
            if (string.IsNullOrWhiteSpace(dataDir))
            {
                throw new ArgumentException("The data folder (data_dir) must not be empty; pass null to use the repository's data/ folder.", nameof(dataDir));
            }

            return Path.GetFullPath(dataDir);
        }

        string current = Environment.CurrentDirectory;
        return FindRepositoryData(current) ?? Path.Combine(current, FolderName);
    }

    /// <summary>
    /// Refuses a data folder the caller named that does not exist: loading never falls back to another folder, and
    /// never creates a folder from a mistyped name.
    /// </summary>
    /// <param name="dataDir">The folder the caller gave (<c>data_dir</c>, <c>-p DataDir=</c>), or null for the default.</param>
    /// <param name="dataset">The dataset's name, for the message.</param>
    /// <exception cref="DatasetNotFoundException"><paramref name="dataDir"/> is given and is not an existing folder.</exception>
    internal static void RequireExisting(string? dataDir, string dataset)
    {
        if (dataDir is null)
        {
            return;
        }

        string full = Resolve(dataDir);
        if (!Directory.Exists(full))
        {
            throw new DatasetNotFoundException(File.Exists(full)
                ? $"The data folder (data_dir) {full} is a file, not a folder: give the folder that holds {dataset}."
                : $"The data folder (data_dir) {full} does not exist: create it and put {dataset} there, or give the folder that holds it.");
        }
    }

    /// <summary>
    /// The <c>data/</c> folder of the NotebookKit repository that contains <paramref name="startDirectory"/>, or null.
    /// A repository root is a folder with <c>NotebookKit.sln</c>, or with both <c>data/</c> and <c>notebooks/</c>.
    /// </summary>
    public static string? FindRepositoryData(string startDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(startDirectory);
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            string data = Path.Combine(dir.FullName, FolderName);
            bool isRoot = File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln"))
                          || (Directory.Exists(data) && Directory.Exists(Path.Combine(dir.FullName, "notebooks")));
            if (isRoot)
            {
                return data;
            }
        }

        return null;
    }
}
