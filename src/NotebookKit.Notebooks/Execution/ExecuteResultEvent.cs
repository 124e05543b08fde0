using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution;

/// <summary>The value of the cell's trailing expression (Jupyter <c>execute_result</c>).</summary>
/// <param name="Data">Mime type to value (see <see cref="ExecutionEvent"/>).</param>
/// <param name="Metadata">The output metadata.</param>
/// <param name="ExecutionCount">The <see cref="ExecutionRequest.ExecutionCount"/> of the cell.</param>
public sealed record ExecuteResultEvent(IReadOnlyDictionary<string, object> Data, JsonObject Metadata, int ExecutionCount) : ExecutionEvent;
