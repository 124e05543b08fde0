using System.Runtime.InteropServices;

namespace NotebookKit.Notebooks.Writeups;

/// <summary>Where and when a notebook ran, for the write-up header.</summary>
/// <param name="Date">When the run started.</param>
/// <param name="GitCommit">The commit of the repository holding the notebook, or null outside git.</param>
/// <param name="DotNet">The .NET runtime (e.g. ".NET 10.0.0").</param>
/// <param name="Machine">Machine name, OS and architecture.</param>
/// <param name="Threads">Logical processors available to the process.</param>
public sealed record RunEnvironment(DateTimeOffset Date, string? GitCommit, string DotNet, string Machine, int Threads)
{
    /// <summary>The environment of this process for a notebook in <paramref name="folder"/>.</summary>
    public static RunEnvironment Current(string folder, DateTimeOffset date) => new(
        date,
        GitInfo.Commit(folder),
        RuntimeInformation.FrameworkDescription,
        $"{Environment.MachineName} ({RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture})",
        Environment.ProcessorCount);
}
