namespace NotebookKit.Notebooks.Execution;

/// <summary>Receives what a running cell shows: streams, displays and their updates, its result and its error.</summary>
/// <remarks>
/// Events arrive in the order the cell produced them, one at a time (never concurrently), on a thread of the session;
/// an implementation should return quickly. New event types may be added later as new <see cref="ExecutionEvent"/>
/// records: ignore the ones you do not know.
/// </remarks>
public interface IExecutionSink
{
    /// <summary>One output event of the running cell.</summary>
    void OnEvent(ExecutionEvent executionEvent);

    /// <summary>
    /// A line of input for the cell's <c>Console.ReadLine()</c> (Jupyter's <c>input_request</c>); null means end of input,
    /// which is what a cell reads when the front end has no stdin (the default, and always in <c>nbkit run</c>).
    /// </summary>
    /// <remarks>Throw to refuse input (e.g. Jupyter's <c>allow_stdin</c> is false): the cell's <c>Console.ReadLine()</c> then
    /// throws, and unless the cell catches it the cell fails with that exception's message.</remarks>
    /// <param name="prompt">Text the cell wrote to stdout just before reading, if any.</param>
    /// <param name="password">True when the input should not be echoed.</param>
    /// <param name="cancellationToken">Cancelled when the cell is interrupted.</param>
    ValueTask<string?> ReadInputAsync(string prompt, bool password, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
