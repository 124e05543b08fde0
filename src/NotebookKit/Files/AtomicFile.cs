namespace NotebookKit.Files;

/// <summary>
/// Writes files and folders so that readers see either nothing or the finished result: write to a
/// temporary name beside the target, then rename, so nothing is ever half-written (docs/architecture.md, "Bad input").
/// </summary>
public static class AtomicFile
{
    /// <summary>A unique temporary path beside <paramref name="path"/> (same folder, so the rename is atomic).</summary>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> into a temp file, then renames it.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = TempPathFor(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDeleteFile(temp);
            throw;
        }
    }

    /// <summary>
    /// Asynchronous <see cref="Write"/>: <paramref name="write"/> fills a temp file beside <paramref name="path"/>, which is
    /// renamed into place only if it returns; if it throws (a failed checksum, a cut-off transfer), the temp file is deleted
    /// and nothing at <paramref name="path"/> changes.
    /// </summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = TempPathFor(full);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDeleteFile(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> via temp file + rename.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Asynchronous <see cref="WriteAllBytes"/>: writes <paramref name="bytes"/> to <paramref name="path"/> via temp file + rename.</summary>
    public static async Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = TempPathFor(full);
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDeleteFile(temp);
            throw;
        }
    }

    /// <summary>
    /// The full path of <paramref name="path"/>, after checking that its folder exists, for writers that must not
    /// create folders (a typo in a folder name should fail, not scatter files).
    /// </summary>
    /// <param name="path">The file to be written.</param>
    /// <param name="action">What the caller does, for the message: "write", "save the page to".</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string FullPathInExistingFolder(string path, string action)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot {action} '{path}': the folder '{directory}' does not exist.");
        }

        return full;
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> via temp file + rename.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>
    /// Builds the folder <paramref name="path"/> through <paramref name="fill"/> under a temporary name beside it, then
    /// renames it into place, so its files appear together or not at all (a set of files that must belong to the same run).
    /// </summary>
    /// <param name="path">The folder to create or replace.</param>
    /// <param name="fill">Writes the files into the folder it is given (the temporary one).</param>
    /// <remarks>
    /// If <paramref name="fill"/> throws, the temporary folder is deleted and nothing at <paramref name="path"/> changes.
    /// A folder already at <paramref name="path"/> is renamed aside first and deleted after the new one is in place, so a
    /// reader sees the old folder, briefly no folder, then the new one, never a mixture. The temporary names start with a
    /// dot and end in <c>.tmp</c> (<see cref="TempPathFor"/>); a process killed while filling leaves one behind.
    /// </remarks>
    public static void WriteDirectory(string path, Action<string> fill)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(fill);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = TempPathFor(full);
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            if (Directory.Exists(full))
            {
                string old = Path.ChangeExtension(TempPathFor(full), ".old");
                Directory.Move(full, old);
                Directory.Move(temp, full);
                TryDeleteDirectory(old);
            }
            else
            {
                Directory.Move(temp, full);
            }
        }
        catch
        {
            TryDeleteDirectory(temp);
            throw;
        }
    }

    /// <summary>Deletes a file if it exists; a failure to clean up must not hide the error being reported.</summary>
    public static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes a folder tree if it exists, ignoring failures (see <see cref="TryDeleteFile"/>).</summary>
    public static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
