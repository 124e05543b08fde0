namespace NotebookKit.Training.Sweeps;

/// <summary>Progress of a shard: which of its points, in what state, and the point's training progress.</summary>
/// <param name="Position">The point's place among this shard's points (1-based).</param>
/// <param name="Count">How many points this shard has.</param>
/// <param name="Point">The point.</param>
/// <param name="State">What is happening to it.</param>
/// <param name="Training">The trainer's progress while <see cref="State"/> is <see cref="SweepPointState.Training"/>; otherwise null.</param>
/// <param name="Message">The error of a failed point; otherwise null.</param>
public sealed record SweepProgress(int Position, int Count, SweepPoint Point, SweepPointState State, TrainingProgress? Training = null, string? Message = null)
{
    /// <summary>The shard's progress as a fraction in [0, 1]: finished points plus the fraction of the current one.</summary>
    public double Fraction
    {
        get
        {
            double current = State switch
            {
                SweepPointState.Training when Training is { } t => t.Fraction,
                SweepPointState.Starting => 0,
                _ => 1,
            };
            return Count == 0 ? 1 : Math.Clamp((Position - 1 + current) / Count, 0, 1);
        }
    }
}
