namespace NotebookKit.Schedules;

/// <summary>How the one-cycle policy interpolates inside a phase (PyTorch <c>anneal_strategy</c>).</summary>
public enum OneCycleAnnealStrategy
{
    /// <summary><c>cos</c>: end + (start − end)/2·(cos(π·pct) + 1).</summary>
    Cos,

    /// <summary><c>linear</c>: (end − start)·pct + start.</summary>
    Linear,
}
