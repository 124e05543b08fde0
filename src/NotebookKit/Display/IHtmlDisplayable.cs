namespace NotebookKit.Display;

/// <summary>
/// A value with a rich notebook display: HTML, and plain text from <see cref="object.ToString"/>.
/// Types tag themselves with <c>[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = ...)]</c>.
/// </summary>
public interface IHtmlDisplayable
{
    /// <summary>An HTML fragment (no <c>&lt;html&gt;</c> wrapper) that displays the value.</summary>
    string ToHtml();
}
