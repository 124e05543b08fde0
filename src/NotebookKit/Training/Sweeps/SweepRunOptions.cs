namespace NotebookKit.Training.Sweeps;

/// <summary>How <see cref="SweepRunner"/> treats points already recorded in the output folder.</summary>
/// <param name="RetryFailed">
/// Run failed points again. Off by default: a failure recorded in <c>error.json</c> is the experiment's own (the trainer
/// is deterministic for a seed and thread count, so a diverging point diverges again); a shard that was killed records
/// nothing and is always resumed.
/// </param>
public sealed record SweepRunOptions(bool RetryFailed = false);
