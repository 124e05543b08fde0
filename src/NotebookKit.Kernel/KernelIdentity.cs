using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.CSharp;

namespace NotebookKit.Kernel;

/// <summary>What the kernel says about itself in <c>kernel_info_reply</c>.</summary>
/// <param name="ImplementationVersion">The nbkit version.</param>
internal sealed record KernelIdentity(string ImplementationVersion)
{
    /// <summary>The C# version cells are compiled with (Roslyn's latest), e.g. <c>14.0</c>.</summary>
    public static string CSharpVersion => LanguageVersion.Latest.MapSpecifiedToEffectiveVersion().ToDisplayString();

    /// <summary>
    /// <c>language_info</c> as the .NET kernel sent it (name <c>C#</c>, mimetype <c>text/x-csharp</c>), so notebooks
    /// saved from either kernel carry the same metadata and highlighters pick C#.
    /// </summary>
    public static JsonObject LanguageInfo() => new()
    {
        ["name"] = "C#",
        ["version"] = CSharpVersion,
        ["mimetype"] = "text/x-csharp",
        ["file_extension"] = ".cs",
        ["pygments_lexer"] = "csharp",
        ["codemirror_mode"] = "text/x-csharp",
    };

    public JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = Protocol.JupyterMessage.ProtocolVersion,
        ["implementation"] = "nbkit",
        ["implementation_version"] = ImplementationVersion,
        ["language_info"] = LanguageInfo(),
        ["banner"] = $"NotebookKit C# kernel {ImplementationVersion} (C# {CSharpVersion}, .NET {Environment.Version})",
        ["debugger"] = false,
        ["help_links"] = new JsonArray(
            new JsonObject { ["text"] = "C# documentation", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" },
            new JsonObject { ["text"] = ".NET API browser", ["url"] = "https://learn.microsoft.com/dotnet/api/" }),
    };
}
