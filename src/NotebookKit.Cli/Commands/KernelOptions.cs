namespace NotebookKit.Cli.Commands;

/// <summary>The <c>--user</c>/<c>--prefix</c> choice shared by the kernel commands.</summary>
internal static class KernelOptions
{
    /// <summary>The prefix to use, or null for the user's folder.</summary>
    public static string? Prefix(bool user, string? prefix)
    {
        if (user && prefix is not null)
        {
            throw new ArgumentException("--user and --prefix choose different places; give one of them.");
        }

        if (prefix is not null && string.IsNullOrWhiteSpace(prefix))
        {
            throw new ArgumentException("--prefix must name a folder.");
        }

        if (prefix is not null && File.Exists(prefix))
        {
            throw new ArgumentException($"--prefix {prefix} is a file, not a folder.");
        }

        // A file further up would otherwise surface as .NET's "Could not find a part of the path" when the kernelspec is written.
        for (string? above = prefix is null ? null : Path.GetDirectoryName(Path.GetFullPath(prefix)); above is not null; above = Path.GetDirectoryName(above))
        {
            if (File.Exists(above))
            {
                throw new ArgumentException($"--prefix {prefix} lies under {above}, which is a file, not a folder.");
            }
        }

        return prefix;
    }
}
