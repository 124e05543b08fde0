using System.Text.Json.Nodes;

namespace NotebookKit.Kernel.Sessions;

/// <summary>Where a running cell's outputs go; the kernel turns each call into one iopub message.</summary>
/// <remarks>Called from whatever thread the cell's output arrives on; implementations are thread-safe.</remarks>
internal interface ICellOutputs
{
    /// <summary>Text written to <c>stdout</c> or <c>stderr</c>.</summary>
    void Stream(string name, string text);

    /// <summary>A displayed value (mime type to string or JSON); <paramref name="displayId"/> lets it be updated later.</summary>
    void Display(JsonObject data, JsonObject metadata, string? displayId);

    /// <summary>Replaces the data of the earlier display with <paramref name="displayId"/>, wherever it is shown.</summary>
    void UpdateDisplay(JsonObject data, JsonObject metadata, string displayId);

    /// <summary>The cell's trailing-expression value.</summary>
    void Result(JsonObject data, JsonObject metadata);

    /// <summary>The cell's failure (compile errors, an exception, an interrupt).</summary>
    void Error(string name, string value, IReadOnlyList<string> traceback);

    /// <summary>Asks the front end for a line of input (Console.ReadLine); refused when the request did not allow stdin.</summary>
    /// <exception cref="InvalidOperationException">The front end does not accept input for this request.</exception>
    Task<string> ReadLineAsync(string prompt, bool password, CancellationToken cancellationToken);
}
