namespace NotebookKit.Specs;

/// <summary>
/// An exception's message as a user should read it: without the <c>(Parameter 'x')</c> suffix .NET appends to an
/// <see cref="ArgumentException"/>'s message (it names a C# parameter, not the user's setting, which the message
/// already names), on one line.
/// </summary>
/// <remarks>
/// The one place that cleans messages for people: <see cref="SpecReader"/>, checkpoints, <c>nbkit</c>'s
/// <c>error:</c> lines and the notebook runner's failed cells all show messages through it.
/// </remarks>
public static class UserMessage
{
    /// <summary>
    /// The message of <paramref name="exception"/> without .NET's <c>(Parameter 'x')</c> suffix, its lines joined with a
    /// space. An <see cref="ArgumentOutOfRangeException"/> keeps its "Actual value was …" sentence.
    /// </summary>
    public static string Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return OneLine(WithoutParameter(exception));
    }

    /// <summary>
    /// The message of <paramref name="exception"/> without .NET's <c>(Parameter 'x')</c> suffix, its lines kept
    /// (for callers that show a multi-line message, or edit it further).
    /// </summary>
    public static string WithoutParameter(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string message = exception.Message;
        if (exception is ArgumentException { ParamName: { Length: > 0 } name })
        {
            // .NET appends " (Parameter 'name')" to the message, before "Actual value was …" of an ArgumentOutOfRangeException.
            string suffix = $" (Parameter '{name}')";
            int at = message.LastIndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message.Remove(at, suffix.Length);
            }
        }

        return message;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
