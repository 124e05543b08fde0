namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// A long-lived C# session (one notebook's variables, usings and references) that executes cells one at a time with
/// the .NET kernel's conventions and streams what they show to an <see cref="IExecutionSink"/>. <c>nbkit run</c> and
/// the Jupyter kernel both drive cells through this interface.
/// </summary>
/// <remarks>
/// <para>
/// Cells run in a worker process under a supervisor, so a cell that overflows the stack, calls
/// <c>Environment.Exit</c> or throws on a background thread fails that cell, never the host. A timeout or an interrupt
/// stops synchronous code cooperatively (cancellation checks woven into the cell's loops and methods, blocking waits made
/// cancellable, an ambient token the library's long operations honour); code that does not stop within
/// <see cref="SessionOptions.InterruptGrace"/> gets its worker killed and restarted, which loses the session's variables
/// (<see cref="ExecutionOutcome.SessionRestarted"/>).
/// </para>
/// <para>
/// One cell at a time: calling <see cref="ExecuteAsync"/> while a cell runs throws <see cref="InvalidOperationException"/>.
/// <see cref="Interrupt"/> may be called from any thread at any time.
/// </para>
/// </remarks>
public interface IExecutionSession : IAsyncDisposable
{
    /// <summary>Executes one cell and returns when it finished, failed, timed out, was interrupted or crashed.</summary>
    /// <param name="request">The cell's code and how to run it.</param>
    /// <param name="sink">Receives the cell's outputs in order, while it runs.</param>
    /// <param name="cancellationToken">Interrupts the cell when cancelled (the same as <see cref="Interrupt"/>).</param>
    /// <returns>What happened. A failure is also reported to <paramref name="sink"/> as an <see cref="ErrorEvent"/>.</returns>
    Task<ExecutionOutcome> ExecuteAsync(ExecutionRequest request, IExecutionSink sink, CancellationToken cancellationToken = default);

    /// <summary>Asks the running cell to stop (Jupyter's <c>interrupt_request</c>); nothing happens when no cell runs.</summary>
    /// <remarks>The cell fails with <see cref="ExecutionStatus.Interrupted"/>; variables defined by earlier cells survive unless
    /// the cell ignored the request for <see cref="SessionOptions.InterruptGrace"/> and its worker had to be restarted.</remarks>
    void Interrupt();

    /// <summary>Discards every variable, using and reference and starts from a fresh worker (Jupyter's restart).</summary>
    /// <param name="cancellationToken">Abandons waiting for the new worker.</param>
    Task RestartAsync(CancellationToken cancellationToken = default);
}
