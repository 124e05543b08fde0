namespace NotebookKit.Images;

/// <summary>Finds the system's Chromium for image export. The kit never downloads a browser.</summary>
public static class ChromiumLocator
{
    /// <summary>The environment variable that names a Chromium or Chrome executable.</summary>
    public const string EnvironmentVariable = "NBKIT_CHROMIUM";

    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    /// <summary>
    /// The browser to use: <paramref name="explicitPath"/>, else <c>$NBKIT_CHROMIUM</c>, else <c>/usr/bin/chromium</c>,
    /// else the first of chromium, chromium-browser, google-chrome on PATH.
    /// </summary>
    /// <exception cref="BrowserNotFoundException">None of those exists.</exception>
    public static string Find(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new BrowserNotFoundException($"The Chromium executable '{explicitPath}' does not exist.");
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new BrowserNotFoundException($"{EnvironmentVariable} is set to '{fromEnvironment}', which does not exist.");
        }

        if (File.Exists("/usr/bin/chromium"))
        {
            return "/usr/bin/chromium";
        }

        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in Names)
        {
            foreach (string folder in folders)
            {
                string candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".exe" : name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new BrowserNotFoundException(
            $"No Chromium found for figure image export: set {EnvironmentVariable} to a Chromium or Chrome executable, " +
            "or install one (Debian/Ubuntu: apt-get install chromium). NotebookKit never downloads a browser.");
    }
}
