namespace NotebookKit.Claims;

/// <summary>Progress of <see cref="Seeds.Run"/>: how many seeds are done, of how many, and the one that just finished.</summary>
/// <param name="Completed">Seeds finished so far.</param>
/// <param name="Total">Seeds in all.</param>
/// <param name="Seed">The seed that just finished.</param>
public sealed record SeedProgress(int Completed, int Total, int Seed)
{
    /// <summary><c>seed 3 done (2 of 5)</c>.</summary>
    public override string ToString() => $"seed {Seed} done ({Completed} of {Total})";
}
