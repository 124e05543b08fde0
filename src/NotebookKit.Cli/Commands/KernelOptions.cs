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

        return prefix;
    }
}
