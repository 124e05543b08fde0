namespace NotebookKit.Training.Sweeps;

/// <summary>What a sweep folder holds for one point.</summary>
public enum SweepPointStatus
{
    /// <summary>Nothing yet: not run, running, or its process was killed before it finished.</summary>
    Missing,

    /// <summary><c>results.json</c> and <c>report.html</c>, written together.</summary>
    Finished,

    /// <summary><c>error.json</c>: the experiment itself failed (a non-finite loss, a spec this model cannot take).</summary>
    Failed,
}
