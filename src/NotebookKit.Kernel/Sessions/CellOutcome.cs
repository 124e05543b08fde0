namespace NotebookKit.Kernel.Sessions;

/// <summary>How a cell ended: success, or the error (as the <c>error</c> output showed it) that the reply repeats.</summary>
/// <param name="ErrorName">Null on success; else the <c>ename</c> (e.g. <c>CompilationError</c>, <c>DivideByZeroException</c>).</param>
/// <param name="ErrorValue">The <c>evalue</c>: the message.</param>
/// <param name="Traceback">The <c>traceback</c> lines.</param>
/// <param name="SubmittedCode">The C# the engine compiled and ran (magics removed), for completion over the session; null when nothing ran.</param>
internal sealed record CellOutcome(string? ErrorName, string? ErrorValue, IReadOnlyList<string> Traceback, string? SubmittedCode)
{
    /// <summary>True when the cell ran to its end.</summary>
    public bool Succeeded => ErrorName is null;

    /// <summary>A cell that ran to its end.</summary>
    public static CellOutcome Success(string? submittedCode) => new(null, null, [], submittedCode);
}
