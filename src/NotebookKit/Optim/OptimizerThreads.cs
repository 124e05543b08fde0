namespace NotebookKit.Optim;

/// <summary>The default number of threads a new optimizer's kernels may use.</summary>
/// <remarks>
/// Results never depend on it: every element is updated independently, so one thread and sixteen give
/// bit-identical parameters. Benchmarks pin it (<c>nbkit bench optim --threads 2</c>).
/// </remarks>
public static class OptimizerThreads
{
    private static int defaultCount = Environment.ProcessorCount;

    /// <summary>Threads for optimizers created from now on (default: the processor count; at least 1).</summary>
    public static int Default
    {
        get => defaultCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            defaultCount = value;
        }
    }
}
