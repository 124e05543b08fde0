using System.Diagnostics.CodeAnalysis;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Notebooks.FileApps;

/// <summary>
/// What a lesson run as a .NET 10 file-based app (<c>dotnet run lessons/01-learning-rate-decay.cs</c>) sees besides its
/// own code, brought into scope by the lesson header's <c>using static NotebookKit.Notebooks.FileApps.FileAppGlobals;</c>:
/// the notebook kernel's <c>display(...)</c> and <c>HTML(...)</c>, and <c>Parameter(...)</c> for command-line values.
/// </summary>
/// <remarks>
/// The first call starts a session that captures the app's console output and displayed values, attributes each to
/// the lesson cell whose code is running (by the line of the entry file on the call stack), and when the app ends
/// writes the executed notebook and the same HTML write-up as <c>nbkit run</c> into <c>artifacts/</c> (or the folder
/// given as <c>--out DIR</c>).
/// </remarks>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "The kernel's names are display(...) and HTML(...); cells must run unchanged.")]
public static class FileAppGlobals
{
    /// <summary>Displays <paramref name="value"/> as an output of the running cell; returns a handle to update it in place.</summary>
    /// <param name="value">Anything; formatted by the kernel's conventions (figures as Plotly charts).</param>
    /// <param name="mimeTypes">Restricts the mime types (e.g. <c>"text/html"</c>); all formatters when empty.</param>
    public static DisplayedValue display(object? value, params string[] mimeTypes) =>
        FileAppSession.Current.Display(value, mimeTypes ?? []);

    /// <summary>Raw HTML, displayed as text/html (the kernel's <c>HTML(string)</c>).</summary>
    public static HtmlContent HTML(string html) => new(html ?? "");

    /// <summary>
    /// The value of parameter <paramref name="name"/>: the one given on the command line as <c>Name=value</c>
    /// (<c>dotnet run lesson.cs -- Epochs=1</c>), else <paramref name="value"/>, the lesson's default.
    /// </summary>
    /// <remarks>
    /// The lesson's parameters region calls this once per declaration of the parameters cell. A command-line name the
    /// lesson does not declare, or a value that is not of the declared type, ends the app with a message naming it.
    /// </remarks>
    public static T Parameter<T>(string name, T value) => FileAppSession.Current.Parameter(name, value);
}
