namespace NotebookKit.Nn;

/// <summary>The number of threads the engine's kernels use, and the fixed work partition they share.</summary>
/// <remarks>
/// Work is always split into <see cref="Count"/> contiguous chunks whose bounds depend only on the problem size
/// and the thread count, never on timing, and partial sums are reduced in chunk order. So the same seed and the
/// same <see cref="Count"/> give bit-identical results on every run. Kernels that split only output elements
/// (GEMM columns, batch-norm channels) give the same bits for every thread count.
/// </remarks>
public static class NnThreads
{
    private static int count = Environment.ProcessorCount;

    /// <summary>Threads used by layers and kernels (default: <see cref="Environment.ProcessorCount"/>); at least 1.</summary>
    public static int Count
    {
        get => count;
        set => count = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), $"The thread count must be at least 1, got {value}.");
    }

    /// <summary>The half-open range [start, end) of chunk <paramref name="index"/> when <paramref name="total"/> items are split into <paramref name="chunks"/> contiguous chunks.</summary>
    public static (int Start, int End) Range(int total, int chunks, int index)
    {
        // Spread the remainder over the first chunks so sizes differ by at most one.
        int size = total / chunks, extra = total % chunks;
        int start = (index * size) + Math.Min(index, extra);
        return (start, start + size + (index < extra ? 1 : 0));
    }

    /// <summary>Runs <paramref name="body"/>(chunk) for every chunk in [0, <paramref name="chunks"/>), in parallel when there is more than one.</summary>
    /// <remarks>
    /// Runs on the calling thread and the persistent workers of <see cref="ForkJoinPool"/>; a call made while another
    /// is running (from inside a body, or from a second thread) runs its chunks in order on its own thread. Either
    /// way each chunk computes the same thing, so results never depend on which thread ran it. The first exception
    /// a chunk throws is rethrown after all chunks have finished.
    /// </remarks>
    internal static void For(int chunks, Action<int> body)
    {
        if (chunks <= 1)
        {
            body(0);
            return;
        }

        ForkJoinPool.Shared.Run(chunks, body);
    }

    /// <summary>The number of chunks to split <paramref name="total"/> items into: <see cref="Count"/>, but never more than the items, or more than there are blocks of <paramref name="minPerChunk"/> items.</summary>
    internal static int ChunksFor(long total, long minPerChunk = 1)
    {
        long useful = Math.Max(1, total / Math.Max(1, minPerChunk));
        return (int)Math.Min(Count, useful);
    }
}
