using System.Globalization;

namespace NotebookKit.Data;

/// <summary>Progress of a download or an extraction, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="FileName">The file being downloaded or extracted, e.g. <c>cifar-10-binary.tar.gz</c>.</param>
/// <param name="BytesDone">Bytes received (or, while extracting, compressed bytes read) so far.</param>
/// <param name="TotalBytes">The total, when known (from the server's Content-Length or the expected size).</param>
/// <param name="Stage">Downloading or extracting.</param>
public readonly record struct DownloadProgress(string FileName, long BytesDone, long? TotalBytes, DownloadStage Stage)
{
    /// <summary>The fraction done, 0..1, or null when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? Math.Min(1.0, (double)BytesDone / TotalBytes.Value) : null;

    /// <summary>A one-line description, e.g. <c>downloading cifar-10-binary.tar.gz: 12.3 of 162.2 MiB (7.6%)</c>.</summary>
    public override string ToString()
    {
        string verb = Stage == DownloadStage.Downloading ? "downloading" : "extracting";
        string done = (BytesDone / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
        return TotalBytes is > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{verb} {FileName}: {done} of {TotalBytes.Value / 1048576.0:0.0} MiB ({Fraction * 100:0.0}%)")
            : $"{verb} {FileName}: {done} MiB";
    }
}
