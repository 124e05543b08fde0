namespace NotebookKit.Kernel.Sessions;

/// <summary>
/// What the kernel asks of the execution engine: run one cell after another on one session, report outputs while
/// the cell runs, and stop the running cell (not the session) when the interrupt token fires.
/// </summary>
internal interface ICellSession : IAsyncDisposable
{
    /// <summary>Runs <paramref name="code"/> as the next cell.</summary>
    /// <param name="code">The cell exactly as the front end sent it (magics included).</param>
    /// <param name="executionCount">The number shown beside the cell (for results and error messages).</param>
    /// <param name="outputs">Receives the cell's outputs as they happen, and answers its input requests.</param>
    /// <param name="interrupt">Fires on an interrupt request: the cell stops, earlier variables survive.</param>
    /// <returns>How the cell ended; its error has already been reported to <paramref name="outputs"/>.</returns>
    Task<CellOutcome> ExecuteAsync(string code, int executionCount, ICellOutputs outputs, CancellationToken interrupt);
}
