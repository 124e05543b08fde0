using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Formats;

/// <summary>The .NET C# kernel metadata (metadata.kernelspec and metadata.polyglot_notebook) and how a cell's kernel is resolved.</summary>
internal static class KernelMetadata
{
    /// <summary>Maps kernel aliases to the kernel's name (<c>C#</c>, <c>c#</c>, <c>cs</c> are all <c>csharp</c>).</summary>
    public static string Normalize(string name) => name.Trim() switch
    {
        "csharp" or "C#" or "c#" or "cs" or ".net-csharp" => "csharp",
        "fsharp" or "F#" or "f#" or ".net-fsharp" => "fsharp",
        "pwsh" or "powershell" or "PowerShell" or ".net-pwsh" => "pwsh",
        "md" or "markdown" => "markdown",
        "js" or "javascript" => "javascript",
        var other => other.ToLowerInvariant(),
    };

    /// <summary>The notebook's default kernel: polyglot kernelInfo, then kernelspec/language_info; C# when absent.</summary>
    public static string DefaultKernel(Notebook notebook)
    {
        var m = notebook.Metadata;
        string? name = Text(m["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"])
            ?? Text(m["kernelspec"]?["language"])
            ?? Text(m["language_info"]?["name"]);
        if (name is null or "polyglot-notebook")
        {
            return "csharp";
        }

        return Normalize(name);
    }

    /// <summary>A code cell's kernel from its metadata (kernelName, then dotnet_interactive.language), else the default.</summary>
    public static string CellKernel(NotebookCell cell, string defaultKernel)
    {
        string? name = Text(cell.Metadata["polyglot_notebook"]?["kernelName"]) ?? Text(cell.Metadata["dotnet_interactive"]?["language"]);
        return name is null ? defaultKernel : Normalize(name);
    }

    /// <summary>Writes the C# kernel's notebook metadata; keeps other keys, drops the legacy top-level kernelInfo shape.</summary>
    public static void Apply(Notebook notebook)
    {
        var m = notebook.Metadata;
        m["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" };
        m["language_info"] = new JsonObject
        {
            ["file_extension"] = ".cs",
            ["mimetype"] = "text/x-csharp",
            ["name"] = "C#",
            ["pygments_lexer"] = "csharp",
            ["version"] = "13.0",
        };
        if (m["polyglot_notebook"]?["kernelInfo"] is not JsonObject)
        {
            m["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                },
            };
        }
        else if (m["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"] is null)
        {
            m["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"] = "csharp";
        }

        m.Remove("kernelInfo");
    }

    /// <summary>Marks a code cell as C# the way the .NET writer does (both keys).</summary>
    public static void ApplyToCell(NotebookCell cell)
    {
        if (cell.CellType != CellType.Code)
        {
            return;
        }

        if (cell.Metadata["dotnet_interactive"] is not JsonObject di)
        {
            cell.Metadata["dotnet_interactive"] = di = [];
        }

        di["language"] ??= "csharp";
        if (cell.Metadata["polyglot_notebook"] is not JsonObject pn)
        {
            cell.Metadata["polyglot_notebook"] = pn = [];
        }

        pn["kernelName"] ??= di["language"]!.DeepClone();
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
