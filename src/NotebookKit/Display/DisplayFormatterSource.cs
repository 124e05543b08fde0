namespace NotebookKit.Display;

/// <summary>
/// The formatter source for every <see cref="IHtmlDisplayable"/> type: text/html, text/plain, and
/// application/vnd.plotly.v1+json for figures. Found by convention (see <see cref="TypeFormatterSourceAttribute"/>).
/// </summary>
public sealed class DisplayFormatterSource
{
    /// <summary>The plotly.js figure mime type rendered natively by VS Code and JupyterLab.</summary>
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>Creates the formatters (the kernel calls this once per type, by reflection).</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new MimeFormatter("text/html", value => (value as IHtmlDisplayable)?.ToHtml()),
        new MimeFormatter("text/plain", value => value.ToString()),
        new MimeFormatter(PlotlyMimeType, value => (value as IPlotlyDisplayable)?.ToPlotlyJson()),
    ];

    /// <summary>One mime type's formatter, with the members the kernel's convention requires.</summary>
    public sealed class MimeFormatter
    {
        private readonly Func<object, string?> render;

        internal MimeFormatter(string mimeType, Func<object, string?> render)
        {
            MimeType = mimeType;
            this.render = render;
        }

        /// <summary>The mime type this formatter writes.</summary>
        public string MimeType { get; }

        /// <summary>Writes <paramref name="instance"/> in <see cref="MimeType"/>; false when it has no such display.</summary>
        public bool Format(object instance, TextWriter writer)
        {
            ArgumentNullException.ThrowIfNull(writer);
            string? text = instance is null ? null : render(instance);
            if (text is null)
            {
                return false;
            }

            writer.Write(text);
            return true;
        }
    }
}
