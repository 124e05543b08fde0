namespace NotebookKit.Notebooks.Execution;

/// <summary>Text the cell wrote to <c>Console.Out</c> or <c>Console.Error</c> (Jupyter <c>stream</c>).</summary>
/// <param name="Name"><c>"stdout"</c> or <c>"stderr"</c>.</param>
/// <param name="Text">The text, as written (not split into lines).</param>
public sealed record StreamEvent(string Name, string Text) : ExecutionEvent;
