namespace NotebookKit.Kernel.Kernelspecs;

/// <summary>
/// Where Jupyter looks for kernelspecs (jupyter_core's rules): <c>JUPYTER_PATH</c> entries, the user's data folder
/// (<c>JUPYTER_DATA_DIR</c>, else <c>~/.local/share/jupyter</c>, <c>~/Library/Jupyter</c> or <c>%APPDATA%\jupyter</c>),
/// then the system folders; a prefix installs into <c>PREFIX/share/jupyter</c>.
/// </summary>
public static class JupyterPaths
{
    /// <summary>The user's Jupyter data folder.</summary>
    public static string UserDataDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } set)
            {
                return Path.GetFullPath(set);
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (OperatingSystem.IsWindows())
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
            }

            if (OperatingSystem.IsMacOS())
            {
                return Path.Combine(home, "Library", "Jupyter");
            }

            string xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".local", "share");
            return Path.Combine(xdg, "jupyter");
        }
    }

    /// <summary>The data folder of an installation prefix (a virtual environment, a conda env, <c>/usr/local</c>).</summary>
    public static string PrefixDataDirectory(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");

    /// <summary>Every folder Jupyter searches for <c>kernels/</c>, in its order of precedence.</summary>
    public static IReadOnlyList<string> SearchPath()
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable("JUPYTER_PATH") is { Length: > 0 } extra)
        {
            folders.AddRange(extra.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath));
        }

        folders.Add(UserDataDirectory);
        if (OperatingSystem.IsWindows())
        {
            folders.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "jupyter"));
        }
        else
        {
            folders.Add("/usr/local/share/jupyter");
            folders.Add("/usr/share/jupyter");
        }

        return [.. folders.Distinct(StringComparer.Ordinal)];
    }
}
