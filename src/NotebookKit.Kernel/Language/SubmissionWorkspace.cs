using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Text;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Kernel.Language;

/// <summary>
/// Roslyn's editor services over the session so far: every cell that ran is a submission project referencing the
/// one before (the C# interactive window's model), so completion and quick info see the variables, methods and
/// usings of earlier cells. The code being typed is a new submission on top, never run.
/// </summary>
internal sealed class SubmissionWorkspace : IDisposable
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Script);

    private readonly AdhocWorkspace workspace = new(MefHostServices.DefaultHost, WorkspaceKind.Interactive);
    private readonly string directory;
    private readonly Lock gate = new();
    private readonly List<MetadataReference> references;
    private readonly List<string> sources = [];
    private Solution solution;
    private ProjectId? previous;
    private int submissions;
    private bool usesLibrary;

    public SubmissionWorkspace(string directory)
    {
        this.directory = directory;
        references = [.. ReferenceSet.Framework, ReferenceSet.For(typeof(ScriptGlobals).Assembly)];
        solution = workspace.CurrentSolution;
    }

    /// <summary>Adds a cell that ran to the session the services see, with the packages it restored.</summary>
    /// <remarks>The engine restored the cell's packages into the shared cache already, so asking again is a cache read.</remarks>
    public async Task AddSubmissionAsync(string code)
    {
        CellText.BlankMagics(code, out var directives);
        sources.AddRange(directives.Sources);
        if (directives.Packages.Count > 0)
        {
            try
            {
                var assemblies = await NuGetRestorer.RestoreAsync(directives.Packages, [.. sources]).ConfigureAwait(false);
                lock (gate)
                {
                    references.AddRange(assemblies.Select(a => (MetadataReference)MetadataReference.CreateFromFile(a)));
                }
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
            {
                // The cell ran, so its packages restored; if asking again fails, completion just lacks them.
            }
        }

        lock (gate)
        {
            var project = AddProject(solution, code, out _);
            solution = project.Solution;
            previous = project.Id;
        }
    }

    public async Task<JsonObject> CompleteAsync(string code, int cursor)
    {
        var document = Fork(code);
        var service = CompletionService.GetService(document);
        var list = service is null ? null : await service.GetCompletionsAsync(document, cursor).ConfigureAwait(false);
        var matches = new JsonArray();
        var types = new JsonArray();
        int start = cursor, end = cursor;
        if (list is not null)
        {
            start = list.Span.Start;
            end = Math.Max(list.Span.End, cursor);
            string typed = code[start..cursor];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list.ItemsList)
            {
                if (!item.FilterText.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || !seen.Add(item.DisplayText))
                {
                    continue;
                }

                matches.Add(item.DisplayText);
                types.Add(new JsonObject
                {
                    ["start"] = TextPositions.CodePointOffset(code, start),
                    ["end"] = TextPositions.CodePointOffset(code, end),
                    ["text"] = item.DisplayText,
                    ["type"] = KindOf(item.Tags),
                });
            }
        }

        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = matches,
            ["cursor_start"] = TextPositions.CodePointOffset(code, start),
            ["cursor_end"] = TextPositions.CodePointOffset(code, end),
            ["metadata"] = new JsonObject { ["_jupyter_types_experimental"] = types },
        };
    }

    public async Task<JsonObject> InspectAsync(string code, int cursor, int detailLevel)
    {
        var document = Fork(code);
        var model = await document.GetSemanticModelAsync().ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync().ConfigureAwait(false);
        var symbols = model is null || root is null ? [] : SymbolLocator.At(model, root, cursor);
        if (symbols.Count == 0)
        {
            return new JsonObject { ["status"] = "ok", ["found"] = false, ["data"] = new JsonObject(), ["metadata"] = new JsonObject() };
        }

        var (plain, markdown) = SymbolDocumentation.Describe(symbols, detailLevel);
        return new JsonObject
        {
            ["status"] = "ok",
            ["found"] = true,
            ["data"] = new JsonObject { ["text/plain"] = plain, ["text/markdown"] = markdown },
            ["metadata"] = new JsonObject(),
        };
    }

    /// <summary>A document holding <paramref name="code"/> as the next submission (not kept in the session).</summary>
    private Document Fork(string code)
    {
        lock (gate)
        {
            // A snapshot: the session's solution is immutable and stays as it was.
            return AddProject(solution, code, out var documentId).GetDocument(documentId)!;
        }
    }

    private Project AddProject(Solution into, string code, out DocumentId documentId)
    {
        string text = CellText.BlankMagics(code, out var directives);
        if (directives.UsesLibrary && !usesLibrary)
        {
            usesLibrary = true;
            // The library's assembly, named through a shared display contract as the runner does: the kernel's arrows
            // into the library stay on its leaves (docs/architecture.md).
            references.Add(ReferenceSet.For(typeof(NotebookKit.Display.IHtmlDisplayable).Assembly));
        }

        string name = $"Submission#{submissions++}";
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                scriptClassName: name, usings: NotebookRunner.DefaultImports, allowUnsafe: true,
                nullableContextOptions: NullableContextOptions.Disable)
            .WithMetadataReferenceResolver(ScriptMetadataResolver.Default.WithBaseDirectory(directory).WithSearchPaths(directory))
            .WithSourceReferenceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, directory));
        var projectId = ProjectId.CreateNewId(name);
        var info = ProjectInfo.Create(projectId, VersionStamp.Create(), name, name, LanguageNames.CSharp,
            compilationOptions: options, parseOptions: ParseOptions, metadataReferences: [.. references],
            projectReferences: previous is null ? null : [new ProjectReference(previous)],
            isSubmission: true, hostObjectType: typeof(ScriptGlobals));
        documentId = DocumentId.CreateNewId(projectId, name);
        return into.AddProject(info)
            .AddDocument(documentId, name + ".csx", SourceText.From(text), filePath: Path.Combine(directory, name + ".csx"))
            .GetProject(projectId)!;
    }

    /// <summary>The <c>_jupyter_types_experimental</c> kind JupyterLab shows as an icon.</summary>
    private static string KindOf(ImmutableArray<string> tags) => tags.FirstOrDefault(t => t is not ("Public" or "Private" or "Protected" or "Internal"))?.ToLowerInvariant() switch
    {
        "method" or "extensionmethod" => "function",
        "class" or "structure" or "record" or "recordstruct" => "class",
        "interface" => "interface",
        "enum" => "enum",
        "enummember" => "enum member",
        "property" => "property",
        "field" or "constant" => "field",
        "local" or "parameter" or "rangevariable" => "variable",
        "namespace" => "module",
        "keyword" => "keyword",
        "event" => "event",
        "delegate" => "function",
        "typeparameter" => "type parameter",
        { } other => other,
        null => "text",
    };

    public void Dispose() => workspace.Dispose();
}
