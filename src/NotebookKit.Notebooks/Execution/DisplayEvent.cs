using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution;

/// <summary>A value shown with <c>display(x)</c>, <c>x.Display()</c> or <c>DisplayAs</c> (Jupyter <c>display_data</c>).</summary>
/// <param name="Data">Mime type to value (see <see cref="ExecutionEvent"/>).</param>
/// <param name="Metadata">The output's metadata (nbformat output <c>metadata</c>).</param>
/// <param name="DisplayId">Identifies the output for later <see cref="DisplayUpdateEvent"/>s (Jupyter's transient
/// <c>display_id</c>); null when the output is never updated.</param>
public sealed record DisplayEvent(IReadOnlyDictionary<string, object> Data, JsonObject Metadata, string? DisplayId) : ExecutionEvent;
