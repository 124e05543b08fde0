namespace NotebookKit.Display;

/// <summary>
/// One notebook output that updates in place: a status line, a progress bar. Works the same in the kit's runner and
/// kernel and in the .NET Interactive kernel, where <c>display(x).Update(y)</c> adds a second output instead.
/// </summary>
/// <remarks>Outside a notebook (no <see cref="DisplayHost"/>), nothing is shown; <see cref="Value"/> still holds the last value.</remarks>
/// <example><code>
/// var status = LiveDisplay.Show("starting");
/// status.Update("epoch 1 of 10");
/// </code></example>
public sealed class LiveDisplay
{
    private readonly IDisplayHandle? handle;
    private readonly object gate = new();

    private LiveDisplay(IDisplayHandle? handle, object? value)
    {
        this.handle = handle;
        Value = value;
    }

    /// <summary>The value shown last.</summary>
    public object? Value { get; private set; }

    /// <summary>True when a front end shows this output (false outside a notebook).</summary>
    public bool IsShown => handle is not null;

    /// <summary>Shows <paramref name="value"/> as a new output of the running cell.</summary>
    public static LiveDisplay Show(object? value) => new(DisplayHost.Resolve()?.Display(value), value);

    /// <summary>Replaces the shown value in place.</summary>
    public void Update(object? value)
    {
        lock (gate)
        {
            Value = value;
            handle?.Update(value);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Value?.ToString() ?? "";
}
