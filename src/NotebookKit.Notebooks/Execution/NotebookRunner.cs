using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using NotebookKit.Notebooks.Formats;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Executes a notebook's C# cells in order on one Roslyn scripting state, with the .NET kernel's conventions:
/// default usings, <c>display(...)</c>/<c>HTML(...)</c>/<c>x.Display()</c>, trailing expressions as results,
/// Console captured as streams, top-level await, <c>#!csharp</c>/<c>#!markdown</c>/<c>#!time</c>, <c>#r</c>, and
/// <c>#r "nuget: NotebookKit"</c> mapped to the library this process has loaded. The first failing cell stops the run.
/// </summary>
/// <remarks>Cells run with the notebook's folder as the current directory and Console redirected, both process-wide,
/// so runs in one process are serialized.</remarks>
public static class NotebookRunner
{
    /// <summary>The kernel's default imports (<c>CSharpKernel</c> constructor, §2.1).</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Lazy<MetadataReference[]> FrameworkReferences = new(LoadFrameworkReferences);

    /// <summary>Runs <paramref name="notebook"/> (which is not changed) and returns the executed copy with results.</summary>
    /// <param name="notebook">The notebook; its folder is the working directory of the cells.</param>
    /// <param name="options">Parameters and timeout; defaults when null.</param>
    /// <param name="progress">Told before and after each code cell (called synchronously, outside output capture).</param>
    /// <param name="cancellationToken">Stops the run between cells (and inside cells that await).</param>
    /// <exception cref="ArgumentException">A parameter is unknown or does not parse as its declared type (nothing ran).</exception>
    public static async Task<NotebookRunResult> RunAsync(Notebook notebook, NotebookRunOptions? options = null,
        IProgress<NotebookProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        options ??= new NotebookRunOptions();
        if (options.CellTimeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The cell timeout must be positive.");
        }

        var executed = notebook.Clone();
        ParameterInjector.Inject(executed, options.Parameters);
        foreach (var cell in executed.Cells.Where(c => c.CellType == CellType.Code))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            cell.Metadata.Remove("execution");
            cell.Metadata.Remove("nbkit");
        }

        NotebookWriter.AssignIds(executed);
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunLockedAsync(executed, options, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<NotebookRunResult> RunLockedAsync(Notebook notebook, NotebookRunOptions options,
        IProgress<NotebookProgress>? progress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();

        // Each notebook is its own session: its first chart carries plotly.js, so its outputs draw offline on their own.
        NotebookKit.Plotting.PlotlyJs.StartNewSession();
        string defaultKernel = KernelMetadata.DefaultKernel(notebook);
        string folder = notebook.Directory;
        var scriptOptions = BaseOptions(folder, notebook.Path);
        var results = new List<CellRunResult>();
        string? error = null;
        ScriptState<object>? state = null;
        var globals = new ScriptGlobals();
        int executionCount = 0;

        string savedDirectory = Environment.CurrentDirectory;
        TextWriter savedOut = Console.Out, savedError = Console.Error;
        Environment.CurrentDirectory = folder;
        Console.SetOut(new CapturingWriter("stdout", savedOut));
        Console.SetError(new CapturingWriter("stderr", savedError));
        var savedHost = NotebookKit.Display.DisplayHost.Current;
        NotebookKit.Display.DisplayHost.Current = RunnerDisplayHost.Instance;
        try
        {
            for (int i = 0; i < notebook.Cells.Count; i++)
            {
                var cell = notebook.Cells[i];
                int number = i + 1;
                if (error is not null)
                {
                    results.Add(new CellRunResult(number, cell.Id!, cell.CellType == CellType.Code ? CellRunStatus.NotRun : CellRunStatus.NotCode, TimeSpan.Zero, []));
                    continue;
                }

                var prepared = cell.CellType == CellType.Code
                    ? CellPreprocessor.Prepare(cell.Source, KernelMetadata.CellKernel(cell, defaultKernel))
                    : null;
                if (prepared is null || (prepared.Error is null && prepared.Kind != CellKind.CSharp))
                {
                    results.Add(new CellRunResult(number, cell.Id!, CellRunStatus.NotCode, TimeSpan.Zero, []));
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new NotebookProgress(notebook.Name, number, notebook.Cells.Count, null, TimeSpan.Zero));
                cell.ExecutionCount = ++executionCount;
                var sink = new OutputSink();
                var cellStart = DateTimeOffset.UtcNow;
                var cellClock = Stopwatch.StartNew();
                string? failure;
                OutputSink.Current = sink;
                try
                {
                    if (prepared.UsesNotebookKit)
                    {
                        scriptOptions = scriptOptions.AddReferences(LibraryAssembly);
                    }

                    if (prepared.Note is { } note)
                    {
                        sink.Write("stderr", note + "\n");
                    }

                    (state, failure) = prepared.Error is { } why
                        ? (state, Record(sink, "NotSupportedException", $"Cell {number} cannot run: {why}", []))
                        : await RunCellAsync(prepared.Code, number, state, globals, scriptOptions, sink, cell.ExecutionCount.Value,
                            options.CellTimeout, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    OutputSink.Current = null;
                }

                cellClock.Stop();
                if (prepared.Timed)
                {
                    sink.Add(CellOutput.Display([new(MimeTypes.Text, string.Create(CultureInfo.InvariantCulture, $"Wall time: {cellClock.Elapsed.TotalMilliseconds:0.###}ms"))]));
                }

                cell.Outputs.AddRange(sink.Snapshot());
                var status = failure is null ? CellRunStatus.Succeeded : CellRunStatus.Failed;
                cell.Metadata["execution"] = new JsonObject
                {
                    ["iopub.execute_input"] = cellStart.ToString("o", CultureInfo.InvariantCulture),
                    ["shell.execute_reply"] = cellStart.Add(cellClock.Elapsed).ToString("o", CultureInfo.InvariantCulture),
                };
                cell.Metadata["nbkit"] = new JsonObject
                {
                    ["duration_seconds"] = Math.Round(cellClock.Elapsed.TotalSeconds, 6),
                    ["status"] = failure is null ? "ok" : "error",
                };
                results.Add(new CellRunResult(number, cell.Id!, status, cellClock.Elapsed, [.. cell.Outputs]));
                progress?.Report(new NotebookProgress(notebook.Name, number, notebook.Cells.Count, status, cellClock.Elapsed));
                error = failure;
            }
        }
        finally
        {
            NotebookKit.Display.DisplayHost.Current = savedHost;
            Console.SetOut(savedOut);
            Console.SetError(savedError);
            Environment.CurrentDirectory = savedDirectory;
        }

        clock.Stop();
        notebook.Metadata["nbkit"] = new JsonObject
        {
            ["parameters"] = new JsonObject(options.Parameters.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))),
            ["start_time"] = started.ToString("o", CultureInfo.InvariantCulture),
            ["duration_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 6),
            ["status"] = error is null ? "ok" : "error",
        };
        return new NotebookRunResult(notebook, results, options.Parameters, started, clock.Elapsed, error);
    }

    private static async Task<(ScriptState<object>? State, string? Failure)> RunCellAsync(string code, int number, ScriptState<object>? state,
        ScriptGlobals globals, ScriptOptions options, OutputSink sink, int executionCount, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var script = state is null
            ? CSharpScript.Create<object>(code, options, typeof(ScriptGlobals))
            : state.Script.ContinueWith<object>(code, options);
        var diagnostics = script.Compile(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (diagnostics.Count > 0)
        {
            var lines = diagnostics.Select(d =>
            {
                var span = d.Location.GetLineSpan().StartLinePosition;
                return string.Create(CultureInfo.InvariantCulture, $"({span.Line + 1},{span.Character + 1}): error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
            }).ToList();
            return (state, Record(sink, "CompilationError", $"Cell {number} does not compile: {lines[0]}", lines));
        }

        bool hasValue = HasTrailingValue(script);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = state is null
            ? script.RunAsync(globals, _ => true, cts.Token)
            : script.RunFromAsync(state, _ => true, cts.Token);
        if (timeout is { } limit)
        {
            var finished = await Task.WhenAny(run, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
            if (finished != run)
            {
                await cts.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                string message = string.Create(CultureInfo.InvariantCulture, $"Cell {number} did not finish within the {limit.TotalSeconds:0.###} s timeout (--timeout).");
                return (state, Record(sink, nameof(TimeoutException), message, [$"{typeof(TimeoutException).FullName}: {message}"]));
            }
        }

        ScriptState<object> next;
        try
        {
            next = await run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (state, RecordException(sink, number, e));
        }

        if (next.Exception is { } thrown)
        {
            return (next, RecordException(sink, number, thrown));
        }

        // dotnet-repl skips a result that is itself a display handle, so `x.Display()` as the last line shows once
        // (the library's LiveDisplay is such a handle too).
        if (hasValue && next.ReturnValue is not (DisplayedValue or NotebookKit.Display.LiveDisplay))
        {
            try
            {
                sink.Add(CellOutput.Result(ValueFormatter.Format(next.ReturnValue), executionCount));
            }
            catch (Exception e)
            {
                // A formatter or ToString() that throws is the cell's failure, not the runner's.
                return (next, RecordException(sink, number, e));
            }
        }

        return (next, null);
    }

    /// <summary>True when the submission ends in an expression without a semicolon whose type is not void (§2.2).</summary>
    private static bool HasTrailingValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not CompilationUnitSyntax root
            || root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }
            || !statement.SemicolonToken.IsMissing)
        {
            return false;
        }

        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static string RecordException(OutputSink sink, int number, Exception e)
    {
        while (e is (TargetInvocationException or AggregateException) && e.InnerException is { } inner)
        {
            e = inner;
        }

        string summary = $"Cell {number} failed: {e.GetType().Name}: {e.Message}";
        return Record(sink, e.GetType().Name, summary, e.ToString().ReplaceLineEndings("\n").Split('\n'));
    }

    private static string Record(OutputSink sink, string name, string summary, IReadOnlyList<string> traceback)
    {
        // evalue is the message; the summary line names the cell so the saved notebook says where it stopped.
        string message = summary[(summary.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        sink.Add(CellOutput.Error(name, message, [summary, .. traceback]));
        return summary;
    }

    /// <summary>The NotebookKit library assembly this process loaded: the target of <c>#r "nuget: NotebookKit"</c>.</summary>
    internal static Assembly LibraryAssembly => typeof(NotebookKit.Schedules.ISchedule).Assembly;

    private static ScriptOptions BaseOptions(string folder, string? path) =>
        ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .AddReferences(typeof(ScriptGlobals).Assembly)
            .WithImports(DefaultImports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(true)
            .WithFilePath(path ?? Path.Combine(folder, "notebook.ipynb"))
            .WithMetadataResolver(new LibraryAwareResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder).WithSearchPaths(folder)))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(folder));

    /// <summary>Every framework assembly (like a project's implicit framework reference), so cells can use any BCL namespace.</summary>
    private static MetadataReference[] LoadFrameworkReferences()
    {
        string runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var framework = trusted
            .Where(p => p.StartsWith(runtime, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .ToList();
        if (framework.Count == 0)
        {
            // Hosts without a trusted-platform list (single-file apps): the framework assemblies loaded so far.
            framework = [.. AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic && a.Location.StartsWith(runtime, StringComparison.Ordinal))
                .Select(a => a.Location)];
        }

        return [.. framework.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
