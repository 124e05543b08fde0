using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution;

/// <summary>A displayed value replaced in place through its handle's <c>Update(x)</c> (Jupyter <c>update_display_data</c>).</summary>
/// <param name="Data">The new mime bundle (see <see cref="ExecutionEvent"/>).</param>
/// <param name="Metadata">The new output metadata.</param>
/// <param name="DisplayId">The <see cref="DisplayEvent.DisplayId"/> of the output to replace; it may belong to an earlier cell.</param>
public sealed record DisplayUpdateEvent(IReadOnlyDictionary<string, object> Data, JsonObject Metadata, string DisplayId) : ExecutionEvent;
