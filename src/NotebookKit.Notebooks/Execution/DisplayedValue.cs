namespace NotebookKit.Notebooks.Execution;

/// <summary>A handle to a displayed output, returned by <c>display(x)</c>; <see cref="Update"/> refreshes it in place.</summary>
public sealed class DisplayedValue
{
    private readonly CellOutput output;
    private readonly string[] mimeTypes;

    internal DisplayedValue(CellOutput output, string[] mimeTypes)
    {
        this.output = output;
        this.mimeTypes = mimeTypes;
    }

    /// <summary>Replaces the displayed value with <paramref name="value"/> (same mime types as the first display).</summary>
    /// <remarks>Like the kernel's <c>DisplayedValue.Update</c>: the saved notebook keeps the last value.</remarks>
    public void Update(object? value)
    {
        var bundle = ValueFormatter.Format(value, mimeTypes);
        lock (output)
        {
            output.ReplaceData(bundle);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => output.TextOf(MimeTypes.Text) ?? output.TextOf(MimeTypes.Html) ?? "";
}
