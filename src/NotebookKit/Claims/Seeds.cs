using NotebookKit.Cancellation;

namespace NotebookKit.Claims;

/// <summary>Runs one experiment over several seeds, for <see cref="Sample"/>s that show how much a result depends on luck.</summary>
public static class Seeds
{
    /// <summary><paramref name="count"/> consecutive seeds from <paramref name="first"/>: a lesson's <c>Seed</c> parameter, then the next ones.</summary>
    /// <exception cref="ArgumentException"><paramref name="count"/> is not positive, or the seeds would pass <see cref="int.MaxValue"/>.</exception>
    public static IReadOnlyList<int> From(int first, int count)
    {
        if (count < 1)
        {
            throw new ArgumentException($"A seed count must be at least 1, got {count}.");
        }

        if (first < 0 || (long)first + count - 1 > int.MaxValue)
        {
            throw new ArgumentException($"Seeds {first} to {(long)first + count - 1} are out of range: seeds are 0 to {int.MaxValue}.");
        }

        return Enumerable.Range(first, count).ToArray();
    }

    /// <summary>Runs <paramref name="run"/> once per seed, in order, and returns the results in the same order.</summary>
    /// <param name="seeds">The seeds, e.g. from <see cref="From"/>.</param>
    /// <param name="run">One experiment for a seed (it should seed everything random from it: weights, shuffling, dropout).</param>
    /// <param name="progress">Told after each seed finishes.</param>
    /// <param name="cancellationToken">Checked before each seed.</param>
    /// <exception cref="ArgumentException">No seeds were given.</exception>
    public static IReadOnlyList<T> Run<T>(IEnumerable<int> seeds, Func<int, T> run, IProgress<SeedProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        int[] list = seeds is null ? [] : [.. seeds];
        if (list.Length == 0)
        {
            throw new ArgumentException("Seeds.Run needs at least one seed.");
        }

        var results = new List<T>(list.Length);
        for (int i = 0; i < list.Length; i++)
        {
            AmbientCancellation.ThrowIfCancellationRequested(cancellationToken);
            results.Add(run(list[i]));
            progress?.Report(new SeedProgress(i + 1, list.Length, list[i]));
        }

        return results;
    }
}
