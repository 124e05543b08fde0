namespace NotebookKit.Display;

/// <summary>
/// Names the formatter source that renders a type in a notebook. Matched <b>by name</b> by the .NET
/// Interactive kernel (<c>Formatter.TryRegisterFromConventionBasedFormatterSources</c>) and by the kit's
/// own runner, so the library references nothing from the deprecated notebook stack.
/// </summary>
/// <remarks>The kernel reads the attribute by reflection, so it needs public instance getters for
/// <see cref="FormatterSourceType"/> and <see cref="PreferredMimeTypes"/> (docs/architecture.md, "Display contracts").</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public TypeFormatterSourceAttribute(Type formatterSourceType) => FormatterSourceType = formatterSourceType;

    /// <summary>The formatter source: a public parameterless constructor and one public <c>CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; }

    /// <summary>The mime types the kernel emits for the type, in order of preference.</summary>
    public string[] PreferredMimeTypes { get; set; } = [];
}
