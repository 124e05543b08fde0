namespace NotebookKit.Notebooks.Execution;

/// <summary>A package a cell asks for with <c>#r "nuget: Id, Version"</c>.</summary>
/// <param name="Id">The package id, e.g. <c>Newtonsoft.Json</c>.</param>
/// <param name="Version">A NuGet version or range (<c>13.0.3</c>, <c>13.*</c>, <c>*-*</c>); null for the latest stable.</param>
public sealed record NuGetPackageReference(string Id, string? Version)
{
    /// <summary>The directive as the cell wrote it, for messages.</summary>
    public override string ToString() => Version is null ? $"#r \"nuget: {Id}\"" : $"#r \"nuget: {Id}, {Version}\"";
}
