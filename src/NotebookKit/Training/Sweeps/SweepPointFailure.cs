namespace NotebookKit.Training.Sweeps;

/// <summary>A point whose experiment failed, and why.</summary>
/// <param name="Id">The point's id.</param>
/// <param name="Error">The error, as <c>nbkit train</c> would print it (naming the epoch and batch of a non-finite loss).</param>
public sealed record SweepPointFailure(string Id, string Error);
