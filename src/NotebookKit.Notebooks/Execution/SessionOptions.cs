namespace NotebookKit.Notebooks.Execution;

/// <summary>Where and how a session runs its cells.</summary>
public sealed record SessionOptions
{
    /// <summary>The cells' current directory (a notebook's folder, like Jupyter); also the base of relative <c>#r</c> paths.
    /// Null for the host's current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The notebook file, when there is one: named in stack traces and used to resolve relative <c>#r</c>/<c>#load</c>.</summary>
    public string? NotebookPath { get; init; }

    /// <summary>How long a cell may ignore an interrupt or a timeout before its worker is killed and restarted (losing the
    /// session's variables).</summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>True when the caller runs no cell after one that failed, as a headless run does (papermill's default).
    /// A cell that crashes or has to be killed then says the run stops there; otherwise (a kernel, where the user goes on
    /// typing) it says the session was restarted and the variables of earlier cells are gone.</summary>
    public bool StopsAtFirstFailure { get; init; }
}
