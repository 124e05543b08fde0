namespace NotebookKit.Training.Sweeps;

/// <summary>Where a shard is with one of its points (<see cref="SweepProgress.State"/>).</summary>
public enum SweepPointState
{
    /// <summary>Loading data and building the model.</summary>
    Starting,

    /// <summary>Training; <see cref="SweepProgress.Training"/> says how far.</summary>
    Training,

    /// <summary>Trained, and its folder written.</summary>
    Finished,

    /// <summary>The experiment failed; its error is recorded.</summary>
    Failed,

    /// <summary>Already finished (or failed, without <see cref="SweepRunOptions.RetryFailed"/>) in the folder: not run again.</summary>
    Skipped,

    /// <summary>Another process holds the point's lock (it is running it now): left to that process.</summary>
    Busy,
}
