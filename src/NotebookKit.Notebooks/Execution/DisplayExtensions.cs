#pragma warning disable IDE0130 // The kernel puts these in namespace System so cells need no using.
using NotebookKit.Notebooks.Execution;

namespace System;

/// <summary>The kernel's display extension methods (<c>x.Display()</c>, <c>"...".DisplayAs("text/html")</c>).</summary>
/// <remarks>Extension methods cannot be declared in script code, so they live in this assembly, in namespace System.</remarks>
public static class DisplayExtensions
{
    /// <summary>Displays the value in the running cell; returns a handle to update it in place.</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) =>
        OutputSink.Require().Display(value, mimeTypes ?? []);

    /// <summary>Displays the text as the given mime type (e.g. <c>"text/html"</c>, <c>"text/markdown"</c>).</summary>
    public static DisplayedValue DisplayAs(this string value, string mimeType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        return OutputSink.Require().Display(value, [mimeType]);
    }
}
