namespace NotebookKit.Images;

/// <summary>No Chromium could be found for PNG/SVG export; the message says where the kit looked and how to fix it.</summary>
public sealed class BrowserNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BrowserNotFoundException()
        : base("No Chromium found for figure image export.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BrowserNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BrowserNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
