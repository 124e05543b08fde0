namespace NotebookKit.Data;

/// <summary>A file a dataset downloads, with the size and MD5 it must have.</summary>
/// <param name="Name">The file name, relative to <see cref="DownloadSource.BaseUrl"/> and to the target folder.</param>
/// <param name="Size">The exact size in bytes, or null to check only the MD5.</param>
/// <param name="Md5">The expected MD5, 32 hexadecimal digits (the checksums the dataset authors publish are MD5).</param>
public sealed record RemoteFile(string Name, long? Size, string Md5)
{
    /// <summary>The file name; a plain name, no folders.</summary>
    public string Name { get; init; } = ValidName(Name);

    /// <summary>The expected MD5, lower case.</summary>
    public string Md5 { get; init; } = ValidMd5(Md5);

    /// <summary>The exact size in bytes, or null.</summary>
    public long? Size { get; init; } = Size is null or > 0
        ? Size
        : throw new ArgumentOutOfRangeException(nameof(Size), Size, "A remote file's expected size must be positive (or null to skip the size check).");

    private static string ValidName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"A remote file name must be a plain file name, not '{name}'.", nameof(name));
        }

        return name;
    }

    private static string ValidMd5(string md5)
    {
        ArgumentNullException.ThrowIfNull(md5);
        if (md5.Length != 32 || !md5.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"An MD5 checksum is 32 hexadecimal digits; got '{md5}'.", nameof(md5));
        }

        return md5.ToLowerInvariant();
    }
}
