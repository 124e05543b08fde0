using System.Diagnostics;
using System.Globalization;
using NotebookKit.Specs;

namespace NotebookKit.Cli;

/// <summary>
/// The <c>--out</c> folder of <c>nbkit train</c> and <c>nbkit lr-find</c>: checked before any work, and replaced as a
/// whole, so the files of one run (results.json and report.html, or lr-find.json and lr-find.html) always belong
/// together, even when the process is killed at any moment.
/// </summary>
/// <remarks>
/// <para>The run's files are written into a hidden sibling folder <c>.NAME.nbkit-PID-new</c>; files the other command
/// wrote into the same folder are copied along. Then the old folder is renamed to <c>.NAME.nbkit-PID-old</c>, the new
/// one to NAME, and the old one deleted. A reader sees the previous complete set, no folder (for the instant between
/// the two renames) or the new complete set, never a mix. Hidden siblings left by a killed run are removed by the next
/// run for the same folder.</para>
/// <para>Because the folder is replaced, it may hold only files nbkit writes there; a folder with anything else in it
/// (for example <c>--out .</c> in a project) is refused before any work, so no file of the user's is ever lost.</para>
/// </remarks>
internal sealed class OutputFolder
{
    /// <summary>Every file <c>train</c> and <c>lr-find</c> write into an output folder.</summary>
    public static readonly IReadOnlyList<string> KnownFiles = ["results.json", "report.html", "lr-find.json", "lr-find.html"];

    private const string Marker = ".nbkit-";

    private OutputFolder(string path) => Path = path;

    /// <summary>The output folder's full path.</summary>
    public string Path { get; }

    /// <summary>Checks <paramref name="folder"/> before any work; removes what killed runs left beside it.</summary>
    /// <exception cref="IOException">The path is a file, lies under a file, cannot be created or written, or holds other files.</exception>
    public static OutputFolder Prepare(DirectoryInfo folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string full = System.IO.Path.TrimEndingDirectorySeparator(folder.FullName);
        string name = System.IO.Path.GetFileName(full);
        string? parent = System.IO.Path.GetDirectoryName(full);
        if (parent is null || name.Length == 0)
        {
            throw new IOException($"--out {full} is the root of the file system; give a folder for the results.");
        }

        if (File.Exists(full))
        {
            throw new IOException($"--out {full} is a file, not a folder; give a folder for the results.");
        }

        if (Directory.Exists(full))
        {
            var foreign = Directory.EnumerateFileSystemEntries(full)
                .Select(System.IO.Path.GetFileName)
                .Where(n => !KnownFiles.Contains(n!, StringComparer.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (foreign.Count > 0)
            {
                throw new IOException(
                    $"--out {full} already holds files nbkit did not write ({string.Join(", ", foreign.Take(5))}{(foreign.Count > 5 ? ", ..." : "")}); "
                    + $"the folder is replaced as a whole when the run ends, so give a new or empty folder, or one that holds only {string.Join(", ", KnownFiles)}.");
            }
        }

        try
        {
            Directory.CreateDirectory(parent);
            RemoveLeftovers(parent, name);

            // Prove the parent folder is writable now, not after an hour of training.
            string probe = System.IO.Path.Combine(parent, Hidden(name, "probe"));
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--out {full} cannot be written: {UserMessage.Of(e)}", e);
        }

        return new OutputFolder(full);
    }

    /// <summary>
    /// Writes the run's files through <paramref name="write"/> (which receives a folder) and puts them in place of the
    /// output folder, keeping the other command's files.
    /// </summary>
    public void Commit(Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string parent = System.IO.Path.GetDirectoryName(Path)!;
        string name = System.IO.Path.GetFileName(Path);
        string fresh = System.IO.Path.Combine(parent, Hidden(name, "new"));
        string old = System.IO.Path.Combine(parent, Hidden(name, "old"));
        try
        {
            Directory.CreateDirectory(fresh);
            write(fresh);
            if (Directory.Exists(Path))
            {
                foreach (string known in KnownFiles)
                {
                    string source = System.IO.Path.Combine(Path, known);
                    string target = System.IO.Path.Combine(fresh, known);
                    if (File.Exists(source) && !File.Exists(target))
                    {
                        File.Copy(source, target);
                    }
                }

                Directory.Move(Path, old);
            }

            Directory.Move(fresh, Path);
        }
        catch
        {
            TryDelete(fresh);
            if (!Directory.Exists(Path) && Directory.Exists(old))
            {
                Directory.Move(old, Path);
            }

            throw;
        }

        TryDelete(old);
    }

    private static string Hidden(string name, string kind) =>
        string.Create(CultureInfo.InvariantCulture, $".{name}{Marker}{Environment.ProcessId}-{kind}");

    /// <summary>Deletes the hidden siblings of <paramref name="name"/> whose process is gone (a killed run's).</summary>
    private static void RemoveLeftovers(string parent, string name)
    {
        string prefix = $".{name}{Marker}";
        foreach (string entry in Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            string rest = System.IO.Path.GetFileName(entry)[prefix.Length..];
            int dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && !IsRunning(pid))
            {
                TryDelete(entry);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover is removed by the next run.
        }
    }
}
