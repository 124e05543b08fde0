namespace NotebookKit.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action synchronously on the reporting thread, so a notebook can update
/// a display while training runs: <c>trainer.Fit(new ProgressCallback&lt;TrainingProgress&gt;(p =&gt; status.Update(p)))</c>.
/// </summary>
/// <remarks>
/// <see cref="Progress{T}"/> posts to a synchronization context (or the thread pool) and may run callbacks after
/// <c>Fit</c> returns; this one runs each report before the trainer continues. Keep the action cheap, or filter with
/// <paramref name="when"/>.
/// </remarks>
/// <typeparam name="T">The report type.</typeparam>
/// <param name="report">Called for every report that passes <paramref name="when"/>.</param>
/// <param name="when">An optional filter, e.g. <c>p =&gt; p.EpochRecord is not null</c> for epoch ends only.</param>
public sealed class ProgressCallback<T>(Action<T> report, Func<T, bool>? when = null) : IProgress<T>
{
    private readonly Action<T> report = report ?? throw new ArgumentNullException(nameof(report));

    /// <inheritdoc/>
    public void Report(T value)
    {
        if (when is null || when(value))
        {
            report(value);
        }
    }
}
