namespace NotebookKit.Data;

/// <summary>
/// Where a dataset's files are downloaded from: a base URL and the files with their checksums.
/// The defaults are the official sources (<see cref="Cifar10.OfficialSource"/>, <see cref="FashionMnist.OfficialSource"/>);
/// pass another one for a mirror, or in tests for a local server.
/// </summary>
/// <param name="BaseUrl">The folder URL the files are under; a trailing slash is added when missing.</param>
/// <param name="Files">The files to fetch, each with its expected size and MD5.</param>
public sealed record DownloadSource(Uri BaseUrl, IReadOnlyList<RemoteFile> Files)
{
    /// <summary>The folder URL (absolute, ending in <c>/</c>).</summary>
    public Uri BaseUrl { get; init; } = ValidBaseUrl(BaseUrl);

    /// <summary>The files to fetch.</summary>
    public IReadOnlyList<RemoteFile> Files { get; init; } = Files is { Count: > 0 }
        ? Files
        : throw new ArgumentException("A download source needs at least one file.", nameof(Files));

    /// <summary>The HTTP client to use; null uses a shared client with a 30 s connect timeout.</summary>
    public HttpClient? Client { get; init; }

    /// <summary>How long a download may receive no bytes before it is abandoned (default 60 s).</summary>
    public TimeSpan ReadTimeout
    {
        get => readTimeout;
        init => readTimeout = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ReadTimeout), value, "The read timeout must be positive.");
    }

    private readonly TimeSpan readTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The URL of <paramref name="file"/>.</summary>
    public Uri UrlOf(RemoteFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new Uri(BaseUrl, Uri.EscapeDataString(file.Name));
    }

    /// <summary>The same files from another base URL (a mirror).</summary>
    public DownloadSource WithBaseUrl(Uri baseUrl) => this with { BaseUrl = ValidBaseUrl(baseUrl) };

    private static Uri ValidBaseUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"A download base URL must be an absolute http or https URL; got '{url}'.", nameof(url));
        }

        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
