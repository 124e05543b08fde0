using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks;

/// <summary>One output of a code cell, in nbformat 4 terms.</summary>
/// <remarks>
/// Mime data values are either a <see cref="string"/> (text mime types) or a <see cref="JsonNode"/>
/// (JSON mime types such as <c>application/vnd.plotly.v1+json</c>, which nbformat requires as objects).
/// </remarks>
public sealed class CellOutput
{
    private CellOutput(OutputType type) => OutputType = type;

    /// <summary>The nbformat <c>output_type</c>.</summary>
    public OutputType OutputType { get; }

    /// <summary>For streams: <c>"stdout"</c> or <c>"stderr"</c>.</summary>
    public string? Name { get; private init; }

    /// <summary>For streams: the text written (appended to while a cell runs).</summary>
    public string Text { get; internal set; } = "";

    /// <summary>For display_data and execute_result: mime type to value (string or <see cref="JsonNode"/>).</summary>
    public Dictionary<string, object> Data { get; } = new(StringComparer.Ordinal);

    /// <summary>For display_data and execute_result: the nbformat output <c>metadata</c>.</summary>
    public JsonObject Metadata { get; init; } = [];

    /// <summary>For execute_result: the execution count of the cell that produced it.</summary>
    public int? ExecutionCount { get; internal set; }

    /// <summary>For errors: the exception type name (nbformat <c>ename</c>).</summary>
    public string? ErrorName { get; private init; }

    /// <summary>For errors: the exception message (nbformat <c>evalue</c>).</summary>
    public string? ErrorValue { get; private init; }

    /// <summary>For errors: the traceback lines (nbformat <c>traceback</c>).</summary>
    public IReadOnlyList<string> Traceback { get; private init; } = [];

    /// <summary>A stream output.</summary>
    /// <param name="name"><c>"stdout"</c> or <c>"stderr"</c>.</param>
    /// <param name="text">The text.</param>
    public static CellOutput Stream(string name, string text)
    {
        if (name is not ("stdout" or "stderr"))
        {
            throw new ArgumentException($"A stream output's name must be \"stdout\" or \"stderr\", not \"{name}\".", nameof(name));
        }

        return new CellOutput(OutputType.Stream) { Name = name, Text = text ?? "" };
    }

    /// <summary>A display_data output with the given mime bundle.</summary>
    public static CellOutput Display(IEnumerable<KeyValuePair<string, object>> data) => WithData(OutputType.DisplayData, data, null);

    /// <summary>An execute_result output with the given mime bundle and execution count.</summary>
    public static CellOutput Result(IEnumerable<KeyValuePair<string, object>> data, int? executionCount) =>
        WithData(OutputType.ExecuteResult, data, executionCount);

    /// <summary>An error output.</summary>
    /// <param name="name">The exception type name (<c>ename</c>).</param>
    /// <param name="value">The message (<c>evalue</c>).</param>
    /// <param name="traceback">The traceback lines.</param>
    public static CellOutput Error(string name, string value, IEnumerable<string> traceback) =>
        new(OutputType.Error) { ErrorName = name, ErrorValue = value, Traceback = [.. traceback] };

    /// <summary>The text of this output's <paramref name="mimeType"/> data (JSON values serialized), or null.</summary>
    public string? TextOf(string mimeType) => Data.TryGetValue(mimeType, out object? v)
        ? v as string ?? ((JsonNode)v).ToJsonString()
        : null;

    /// <summary>A deep copy.</summary>
    public CellOutput Clone()
    {
        var copy = new CellOutput(OutputType)
        {
            Name = Name,
            Text = Text,
            Metadata = (JsonObject)Metadata.DeepClone(),
            ExecutionCount = ExecutionCount,
            ErrorName = ErrorName,
            ErrorValue = ErrorValue,
            Traceback = Traceback,
        };
        foreach (var (mime, value) in Data)
        {
            copy.Data[mime] = value is JsonNode node ? node.DeepClone() : value;
        }

        return copy;
    }

    /// <summary>Replaces the mime bundle (used by <see cref="Execution.DisplayedValue.Update"/>).</summary>
    internal void ReplaceData(IEnumerable<KeyValuePair<string, object>> data)
    {
        Data.Clear();
        foreach (var (mime, value) in data)
        {
            Data[mime] = value;
        }
    }

    private static CellOutput WithData(OutputType type, IEnumerable<KeyValuePair<string, object>> data, int? count)
    {
        ArgumentNullException.ThrowIfNull(data);
        var output = new CellOutput(type) { ExecutionCount = count };
        output.ReplaceData(data);
        return output;
    }
}
