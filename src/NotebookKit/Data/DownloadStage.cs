namespace NotebookKit.Data;

/// <summary>What a long dataset operation is doing when it reports <see cref="DownloadProgress"/>.</summary>
public enum DownloadStage
{
    /// <summary>Receiving bytes from the network.</summary>
    Downloading,

    /// <summary>Unpacking an archive (bytes are counted in the compressed archive).</summary>
    Extracting,
}
