using System.Security.Cryptography;
using NotebookKit.Cancellation;
using NotebookKit.Files;

namespace NotebookKit.Data;

/// <summary>
/// Downloads one file with progress, checks its size and MD5, and only then renames it into place.
/// On any failure (unreachable host, HTTP error, cut-off transfer, checksum mismatch) no file is left behind.
/// </summary>
public static class FileDownloader
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        AllowAutoRedirect = true,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    });

    /// <summary>
    /// Downloads <paramref name="file"/> from <paramref name="source"/> into <paramref name="directory"/> and returns its path.
    /// </summary>
    /// <exception cref="HttpRequestException">The server is unreachable or answered with an error status.</exception>
    /// <exception cref="IOException">The transfer was cut off or stalled.</exception>
    /// <exception cref="InvalidDataException">The received file has the wrong size or MD5.</exception>
    public static async Task<string> DownloadAsync(
        DownloadSource source,
        RemoteFile file,
        string directory,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        cancellationToken = AmbientCancellation.Or(cancellationToken);

        Uri url = source.UrlOf(file);
        string target = Path.Combine(Path.GetFullPath(directory), file.Name);
        string folder = Path.GetDirectoryName(target)!;
        bool createdFolder = !Directory.Exists(folder);
        Directory.CreateDirectory(folder);
        HttpClient client = source.Client ?? SharedClient.Value;
        try
        {
            // The file is renamed into place only after the size and checksum checks pass (AtomicFile.WriteAsync).
            await AtomicFile.WriteAsync(target, async (output, ct) =>
            {
                using var response = await SendAsync(client, url, ct).ConfigureAwait(false);
                long? announced = response.Content.Headers.ContentLength;
                if (file.Size is long expectedSize && announced is long length && length != expectedSize)
                {
                    throw new InvalidDataException(
                        $"{url} is {length} bytes but {file.Name} must be {expectedSize} bytes: the server sent a different file. Nothing was saved.");
                }

                long? total = announced ?? file.Size;
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                long received;
                var input = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await using (input.ConfigureAwait(false))
                {
                    received = await CopyAsync(input, output, md5, file.Name, total, source.ReadTimeout, url, progress, ct)
                        .ConfigureAwait(false);
                }

                if (total is long expected && received != expected)
                {
                    throw new IOException(
                        $"The download of {url} was cut off after {received} of {expected} bytes. Nothing was saved; check the connection and run again.");
                }

                if (file.Size is long size && received != size)
                {
                    throw new InvalidDataException(
                        $"{url} sent {received} bytes but {file.Name} must be {size} bytes. Nothing was saved.");
                }

                string actual = Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant();
                if (actual != file.Md5)
                {
                    throw new InvalidDataException(
                        $"Checksum mismatch for {file.Name} from {url}: MD5 {actual}, expected {file.Md5}. The file was discarded; try again or use another mirror.");
                }
            }, cancellationToken).ConfigureAwait(false);
            return target;
        }
        catch
        {
            if (createdFolder && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                AtomicFile.TryDeleteDirectory(folder);
            }

            throw;
        }
    }

    /// <summary>
    /// <see cref="DownloadAsync"/> for a dataset loader: an unreachable server or a timeout becomes a
    /// <see cref="DatasetNotFoundException"/> whose message <paramref name="notFound"/> writes from the failure's message.
    /// </summary>
    /// <remarks>A corrupt or cut-off transfer keeps its own exception: the data is there but wrong, not missing.</remarks>
    internal static async Task<string> DownloadDatasetFileAsync(
        DownloadSource source,
        RemoteFile file,
        string directory,
        IProgress<DownloadProgress>? progress,
        Func<string, string> notFound,
        CancellationToken cancellationToken)
    {
        try
        {
            return await DownloadAsync(source, file, directory, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new DatasetNotFoundException(notFound(e.Message), e);
        }
    }

    /// <summary>Checks that the file at <paramref name="path"/> has the size and MD5 of <paramref name="file"/>.</summary>
    /// <returns>Null when it matches; otherwise what is wrong, in one sentence.</returns>
    public static string? Verify(string path, RemoteFile file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(file);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return $"{path} does not exist.";
        }

        if (file.Size is long size && info.Length != size)
        {
            return $"{path} is {info.Length} bytes, but {file.Name} is {size} bytes.";
        }

        string actual = Md5Of(path);
        return actual == file.Md5 ? null : $"{path} has MD5 {actual}, but {file.Name} has MD5 {file.Md5}.";
    }

    /// <summary>The MD5 of a file, as 32 lower-case hexadecimal digits.</summary>
    public static string Md5Of(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(MD5.HashData(stream)).ToLowerInvariant();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Cannot download {url}: the server did not answer in time.", e);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"Cannot download {url}: {e.Message}", e, e.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            string reason = response.ReasonPhrase ?? "";
            response.Dispose();
            throw new HttpRequestException($"Cannot download {url}: the server answered {(int)status} {reason}.".Replace(" .", ".", StringComparison.Ordinal), null, status);
        }

        return response;
    }

    private static async Task<long> CopyAsync(
        Stream input,
        Stream output,
        IncrementalHash md5,
        string fileName,
        long? total,
        TimeSpan readTimeout,
        Uri url,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 16];
        long received = 0;
        long lastReported = -1;
        // Report about every 0.5% (or every 1 MiB when the size is unknown), so a CLI bar moves smoothly
        // without flooding a notebook display with updates.
        long step = total is > 0 ? Math.Max(1 << 16, total.Value / 200) : 1 << 20;
        progress?.Report(new DownloadProgress(fileName, 0, total, DownloadStage.Downloading));
        while (true)
        {
            int read;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(readTimeout);
                try
                {
                    read = await input.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        $"The download of {url} stalled: no data for {readTimeout.TotalSeconds:0} s after {received} bytes. Nothing was saved.", e);
                }
                catch (IOException e)
                {
                    throw new IOException(
                        $"The download of {url} was cut off after {received}{(total is long t ? $" of {t}" : "")} bytes ({e.Message}). Nothing was saved; check the connection and run again.", e);
                }
                catch (HttpRequestException e)
                {
                    throw new IOException(
                        $"The download of {url} was cut off after {received}{(total is long t ? $" of {t}" : "")} bytes ({e.Message}). Nothing was saved; check the connection and run again.", e);
                }
            }

            if (read == 0)
            {
                break;
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            md5.AppendData(buffer, 0, read);
            received += read;
            if (progress is not null && received - lastReported >= step)
            {
                lastReported = received;
                progress.Report(new DownloadProgress(fileName, received, total, DownloadStage.Downloading));
            }
        }

        if (progress is not null && lastReported != received)
        {
            progress.Report(new DownloadProgress(fileName, received, total, DownloadStage.Downloading));
        }

        return received;
    }
}
