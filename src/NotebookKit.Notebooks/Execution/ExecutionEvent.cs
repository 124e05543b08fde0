namespace NotebookKit.Notebooks.Execution;

/// <summary>Something a running cell showed, in Jupyter messaging terms (stream, display_data, update_display_data,
/// execute_result, error).</summary>
/// <remarks>Mime bundles map a mime type to a <see cref="string"/> (text mime types, base64 for images) or a
/// <see cref="System.Text.Json.Nodes.JsonNode"/> (JSON mime types such as <c>application/vnd.plotly.v1+json</c>), as in
/// <see cref="CellOutput.Data"/>.</remarks>
public abstract record ExecutionEvent;
