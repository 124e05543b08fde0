using System.Runtime.Serialization;

namespace NotebookKit.Images;

/// <summary>Image formats of <c>Plotly.toImage</c> that the kit exports.</summary>
public enum ImageFormat
{
    /// <summary>PNG bytes.</summary>
    [EnumMember(Value = "png")] Png,

    /// <summary>SVG text.</summary>
    [EnumMember(Value = "svg")] Svg,
}
