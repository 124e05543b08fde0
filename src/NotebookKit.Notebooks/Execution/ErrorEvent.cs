namespace NotebookKit.Notebooks.Execution;

/// <summary>Why the cell failed (Jupyter <c>error</c>): an exception, a compilation error, a timeout, an interrupt or a crash.</summary>
/// <param name="Name">The error's name (<c>ename</c>): the exception type's short name, <c>CompilationError</c>,
/// <c>TimeoutException</c>, <c>Interrupted</c> or <c>WorkerCrashed</c>.</param>
/// <param name="Value">The message (<c>evalue</c>).</param>
/// <param name="Traceback">The lines to show: a summary naming the cell first, then details such as the stack trace or
/// every compiler diagnostic.</param>
public sealed record ErrorEvent(string Name, string Value, IReadOnlyList<string> Traceback) : ExecutionEvent;
