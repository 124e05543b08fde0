using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// The assemblies the language services know: the framework's reference assemblies with their XML docs (from the
/// SDK's <c>packs/Microsoft.NETCore.App.Ref</c>, so quick info can show summaries), or the runtime's own assemblies
/// without docs where only a runtime is installed; plus the kit's libraries with the XML docs built beside them.
/// </summary>
internal static class ReferenceSet
{
    private static readonly Lazy<MetadataReference[]> FrameworkReferences = new(Load);

    public static IReadOnlyList<MetadataReference> Framework => FrameworkReferences.Value;

    /// <summary>A reference to a loaded assembly, with the XML doc file beside it when there is one.</summary>
    public static MetadataReference For(Assembly assembly) => FromFile(assembly.Location);

    private static MetadataReference FromFile(string path)
    {
        string xml = Path.ChangeExtension(path, ".xml");
        return MetadataReference.CreateFromFile(path, documentation: File.Exists(xml) ? XmlDocumentationProvider.CreateFromFile(xml) : null);
    }

    private static MetadataReference[] Load()
    {
        string runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        string folder = ReferencePack(runtime) ?? runtime;
        return [.. Directory.EnumerateFiles(folder, "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Select(p =>
            {
                try
                {
                    using var stream = File.OpenRead(p);
                    using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                    return pe.HasMetadata ? FromFile(p) : null;
                }
                catch (BadImageFormatException)
                {
                    return null;
                }
            })
            .OfType<MetadataReference>()];
    }

    /// <summary>
    /// <c>dotnet/shared/Microsoft.NETCore.App/10.0.3</c> to <c>dotnet/packs/Microsoft.NETCore.App.Ref/10.0.x/ref/net10.0</c>:
    /// the newest reference pack not newer than the running runtime.
    /// </summary>
    private static string? ReferencePack(string runtime)
    {
        if (!Version.TryParse(Path.GetFileName(runtime).Split('-')[0], out var version))
        {
            return null;
        }

        string packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        if (!Directory.Exists(packs))
        {
            return null;
        }

        return Directory.EnumerateDirectories(packs)
            .Select(d => (Folder: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(p => p.Version is not null && p.Version.Major == version.Major && p.Version <= version)
            .OrderByDescending(p => p.Version)
            .Select(p => Path.Combine(p.Folder, "ref", $"net{version.Major}.{version.Minor}"))
            .FirstOrDefault(Directory.Exists);
    }
}
