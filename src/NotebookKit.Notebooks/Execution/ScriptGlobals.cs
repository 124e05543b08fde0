using System.Diagnostics.CodeAnalysis;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// What a cell sees besides its own code: the .NET kernel's <c>display(...)</c> and <c>HTML(...)</c> helpers
/// (<c>Microsoft.DotNet.Interactive.Kernel</c> static members), so notebooks run unchanged here and in VS Code.
/// </summary>
[SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "The kernel's name is display(...); cells must run unchanged.")]
public class ScriptGlobals
{
    /// <summary>Displays <paramref name="value"/> as a display_data output; returns a handle to update it in place.</summary>
    /// <param name="value">Anything; formatted by the kernel's conventions.</param>
    /// <param name="mimeTypes">Restricts the mime types (e.g. <c>"text/html"</c>); all formatters when empty.</param>
#pragma warning disable CA1822 // An instance member: Roslyn scripting exposes the members of the globals object.
    public DisplayedValue display(object? value, params string[] mimeTypes) => OutputSink.Require().Display(value, mimeTypes ?? []);

    /// <summary>Raw HTML, displayed as text/html (the kernel's <c>HTML(string)</c>).</summary>
    public HtmlContent HTML(string html) => new(html ?? "");
#pragma warning restore CA1822
}
