namespace NotebookKit.Data;

/// <summary>
/// A dataset is not on disk and could not be downloaded. The message says where the loader looked and
/// where to put the files (docs/data.md).
/// </summary>
public sealed class DatasetNotFoundException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DatasetNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message that says where to put the files.</summary>
    public DatasetNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the download failure that caused it.</summary>
    public DatasetNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
