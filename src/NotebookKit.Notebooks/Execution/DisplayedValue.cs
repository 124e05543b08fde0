namespace NotebookKit.Notebooks.Execution;

/// <summary>A handle to a displayed output, returned by <c>display(x)</c>; <see cref="Update"/> refreshes it in place.</summary>
/// <remarks>Like the kernel's <c>DisplayedValue</c>: the output has a display id, every update replaces it in the front end
/// (Jupyter <c>update_display_data</c>), and a saved notebook keeps the last value.</remarks>
public sealed class DisplayedValue
{
    private readonly OutputSink sink;
    private readonly string[] mimeTypes;
    private IReadOnlyDictionary<string, object> bundle;

    internal DisplayedValue(OutputSink sink, string displayId, string[] mimeTypes, IReadOnlyDictionary<string, object> bundle)
    {
        this.sink = sink;
        DisplayId = displayId;
        this.mimeTypes = mimeTypes;
        this.bundle = bundle;
    }

    /// <summary>The output's display id (Jupyter's transient <c>display_id</c>).</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed value with <paramref name="value"/> (same mime types as the first display).</summary>
    public void Update(object? value)
    {
        var next = OutputSink.Bundle(ValueFormatter.Format(value, mimeTypes));
        bundle = next;
        sink.Update(DisplayId, next);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        (bundle.TryGetValue(MimeTypes.Text, out object? text) ? text as string : null)
        ?? (bundle.TryGetValue(MimeTypes.Html, out object? html) ? html as string : null)
        ?? "";
}
