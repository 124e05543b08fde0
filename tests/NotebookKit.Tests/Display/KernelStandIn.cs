#pragma warning disable IDE0130 // The stand-in must have the kernel's namespace and type names: the library finds them by name.
using System.Reflection;

namespace Microsoft.DotNet.Interactive.Formatting;

// A stand-in for the .NET Interactive kernel's display path (dotnet/interactive, src/Microsoft.DotNet.Interactive.Formatting:
// DisplayExtensions, DisplayedValue, FormattedValue, Formatter.Display), written from its published shape:
// - display(x) formats x, raises the formatter event with a NEW DisplayedValue, and returns ANOTHER new DisplayedValue;
// - DisplayedValue.DisplayId is a GUID drawn lazily, so the two have different ids;
// - DisplayedValue.Update(y) marks it updated, re-formats with the same mime types and raises the event with itself.
// The kernel turns an event into DisplayedValueProduced (not updated) or DisplayedValueUpdated (updated), keyed by DisplayId.

/// <summary>The kernel's formatted value: a mime type and its text.</summary>
public sealed class FormattedValue(string mimeType, string value)
{
    public string MimeType { get; } = mimeType;

    public string Value { get; } = value;

    /// <summary>Like the kernel: the given mime types, else the type's preferred ones (text/html and text/plain here).</summary>
    public static IReadOnlyList<FormattedValue> CreateManyFromObject(object value, params string[] mimeTypes)
    {
        if (mimeTypes.Length == 0)
        {
            mimeTypes = value is string ? ["text/plain"] : ["text/html", "text/plain"];
        }

        return [.. mimeTypes.Select(m => new FormattedValue(m, Format(value, m)))];
    }

    private static string Format(object value, string mimeType) =>
        mimeType == "text/html" && value.GetType().GetMethod("ToHtml", Type.EmptyTypes) is MethodInfo toHtml
            ? (string)toHtml.Invoke(value, null)!
            : value.ToString() ?? "";
}

/// <summary>The kernel's displayed value.</summary>
public sealed class DisplayedValue(object value, IReadOnlyList<FormattedValue> formattedValues)
{
    private string? displayId;

    public string DisplayId => displayId ??= Guid.NewGuid().ToString();

    public bool IsUpdated { get; private set; }

    public IReadOnlyList<FormattedValue> FormattedValues { get; private set; } = formattedValues;

    public object Value { get; private set; } = value;

    public void Update(object updatedValue)
    {
        IsUpdated = true;
        Value = updatedValue;
        FormattedValues = FormattedValue.CreateManyFromObject(updatedValue, [.. FormattedValues.Select(v => v.MimeType)]);
        Formatter.RaiseFormatterEvent(this);
    }
}

/// <summary>The kernel's formatter event.</summary>
public static class Formatter
{
    private static event Action<DisplayedValue>? OnFormatterEvent;

    public static IDisposable SubscribeToDisplayedValues(Action<DisplayedValue> onEvent)
    {
        OnFormatterEvent += onEvent;
        return new Unsubscribe(() => OnFormatterEvent -= onEvent);
    }

    internal static void RaiseFormatterEvent(DisplayedValue displayedValue) => OnFormatterEvent?.Invoke(displayedValue);

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>The kernel's <c>display(x)</c> (<c>DisplayExtensions.Display</c>), with its two DisplayedValues.</summary>
public static class KernelDisplay
{
    public static DisplayedValue Display(object value, params string[] mimeTypes)
    {
        var formattedValues = FormattedValue.CreateManyFromObject(value, mimeTypes);
        Formatter.RaiseFormatterEvent(new DisplayedValue(value, formattedValues));
        return new DisplayedValue(value, formattedValues);
    }
}
