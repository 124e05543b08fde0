using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// <c>#r</c> resolution relative to the notebook's folder that never pulls in the NotebookKit library implicitly
/// (as a dependency of the runner's own assembly): a cell sees the library only after <c>#r</c>, as in the kernel.
/// </summary>
internal sealed class LibraryAwareResolver : MetadataReferenceResolver
{
    private readonly ScriptMetadataResolver inner;

    public LibraryAwareResolver(ScriptMetadataResolver inner) => this.inner = inner;

    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
        inner.ResolveReference(reference, baseFilePath, properties);

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        referenceIdentity.Name == CellPreprocessor.LibraryPackage ? null : inner.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other) => other is LibraryAwareResolver r && r.inner.Equals(inner);

    public override int GetHashCode() => inner.GetHashCode();
}
