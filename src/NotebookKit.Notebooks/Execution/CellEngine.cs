using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using NotebookKit.Notebooks.Formats;
using NotebookKit.Specs;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// The C# session inside a worker: cells in order on one Roslyn scripting state, with the .NET kernel's conventions
/// (default usings, <c>display</c>/<c>HTML</c>, a trailing expression as the result, <c>#!time</c>, <c>#r</c>, top-level
/// await). Each cell compiles as written (so diagnostics point into it), then runs with cancellation checks woven in.
/// </summary>
internal sealed class CellEngine
{
    /// <summary>The kernel's default imports (<c>CSharpKernel</c> constructor).</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    /// <summary>Above this many frames a stack trace is built from its frames rather than from the exception's text.</summary>
    private const int MaxFramesAsText = 1000;

    private static readonly Lazy<MetadataReference[]> FrameworkReferences = new(LoadFrameworkReferences);
    private readonly ScriptGlobals globals = new();
    private ScriptOptions options;
    private ScriptState<object>? state;
    private Exception? backgroundFailure;

    public CellEngine(string folder, string? notebookPath)
    {
        options = BaseOptions(folder, notebookPath);

        // A new session: its first chart carries plotly.js again, so its outputs draw offline on their own.
        NotebookKit.Plotting.PlotlyJs.StartNewSession();
    }

    /// <summary>The NotebookKit library assembly this process loaded: the target of <c>#r "nuget: NotebookKit"</c>.</summary>
    internal static Assembly LibraryAssembly => typeof(NotebookKit.Display.IHtmlDisplayable).Assembly;

    /// <summary>Compiles and runs a one-line script, so the first real cell does not pay for loading and jitting Roslyn.</summary>
    public static void WarmUp()
    {
        var script = CSharpScript.Create<object>("1 + 1", BaseOptions(Environment.CurrentDirectory, null), typeof(ScriptGlobals));
        script.RunAsync(new ScriptGlobals()).GetAwaiter().GetResult();
    }

    /// <summary>Records an exception that escaped a thread the running cell started; the cell fails with it when it ends.</summary>
    public void ReportBackgroundFailure(Exception e) => Interlocked.CompareExchange(ref backgroundFailure, e, null);

    /// <summary>Runs one cell; its outputs go to <paramref name="sink"/>.</summary>
    /// <param name="request">The cell.</param>
    /// <param name="sink">The worker's output sink.</param>
    /// <param name="running">Called once the cell compiled and starts running (its time limit counts from here).</param>
    /// <param name="cancellationToken">Cancelled on interrupt or timeout.</param>
    public async Task<CellResult> RunAsync(ExecutionRequest request, OutputSink sink, Action running, CancellationToken cancellationToken)
    {
        int number = request.ExecutionCount;
        var prepared = CellPreprocessor.Prepare(request.Code, KernelMetadata.Normalize(request.Kernel));
        if (prepared.Error is { } why)
        {
            return Fail(sink, "NotSupportedException", $"Cell {number} cannot run: {why}", []);
        }

        if (prepared.Note is { } note)
        {
            sink.Write("stderr", note + "\n");
        }

        if (prepared.UsesNotebookKit)
        {
            // Kept in the options every later cell continues with, so their usings of the library resolve too.
            options = options.AddReferences(LibraryAssembly);
        }

        if (prepared.Kind != CellKind.CSharp)
        {
            return CellResult.Ok;
        }

        Interlocked.Exchange(ref backgroundFailure, null);
        var clock = Stopwatch.StartNew();
        var result = await RunCodeAsync(prepared.Code, number, sink, running, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        if (result.Status == CellStatus.Ok && Interlocked.Exchange(ref backgroundFailure, null) is { } escaped)
        {
            result = FailWith(sink, number, escaped, "an exception escaped a thread the cell started: ");
        }

        if (prepared.Timed)
        {
            sink.Add(new DisplayEvent(
                OutputSink.Bundle([new(MimeTypes.Text, string.Create(CultureInfo.InvariantCulture, $"Wall time: {clock.Elapsed.TotalMilliseconds:0.###}ms"))]),
                [], null));
        }

        return result;
    }

    private async Task<CellResult> RunCodeAsync(string code, int number, OutputSink sink, Action running, CancellationToken cancellationToken)
    {
        var script = Continue(code);
        var diagnostics = script.Compile(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (diagnostics.Count > 0)
        {
            var lines = diagnostics.Select(d =>
            {
                var span = d.Location.GetLineSpan().StartLinePosition;
                return string.Create(CultureInfo.InvariantCulture, $"({span.Line + 1},{span.Character + 1}): error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
            }).ToList();
            return Fail(sink, "CompilationError", $"Cell {number} does not compile: {lines[0]}", lines);
        }

        bool hasValue = HasTrailingValue(script);
        script = Woven(script, code, cancellationToken);
        ScriptState<object> next;
        running();
        try
        {
            var run = state is null
                ? script.RunAsync(globals, _ => true, cancellationToken)
                : script.RunFromAsync(state, _ => true, cancellationToken);
            next = await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return CellResult.Cancelled;
        }
        catch (Exception e)
        {
            return FailWith(sink, number, e, "");
        }

        if (next.Exception is { } thrown)
        {
            // Variables the cell assigned before it threw stay, as in the kernel.
            state = next;
            return cancellationToken.IsCancellationRequested && Unwrap(thrown) is OperationCanceledException
                ? CellResult.Cancelled
                : FailWith(sink, number, thrown, "");
        }

        state = next;

        // dotnet-repl skips a result that is itself a display handle, so `x.Display()` as the last line shows once
        // (the library's LiveDisplay is such a handle too).
        if (hasValue && next.ReturnValue is not (DisplayedValue or NotebookKit.Display.LiveDisplay))
        {
            try
            {
                sink.Add(new ExecuteResultEvent(OutputSink.Bundle(ValueFormatter.Format(next.ReturnValue)), [], number));
            }
            catch (Exception e)
            {
                // A formatter or ToString() that throws is the cell's failure, not the engine's.
                return FailWith(sink, number, e, "");
            }
        }

        return CellResult.Ok;
    }

    private Script<object> Continue(string code) => state is null
        ? CSharpScript.Create<object>(code, options, typeof(ScriptGlobals))
        : state.Script.ContinueWith<object>(code, options);

    /// <summary>The cell with cancellation checks woven in; the cell as written when the woven text does not compile.</summary>
    private Script<object> Woven(Script<object> script, string code, CancellationToken cancellationToken)
    {
        string woven = CancellationWeaver.Weave(script.GetCompilation());
        if (woven == code)
        {
            return script;
        }

        var candidate = Continue(woven);
        return candidate.Compile(cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error) ? script : candidate;
    }

    /// <summary>True when the submission ends in an expression without a semicolon whose type is not void.</summary>
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

    private static Exception Unwrap(Exception e)
    {
        while (e is (TargetInvocationException or AggregateException) && e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    private static CellResult FailWith(OutputSink sink, int number, Exception e, string context)
    {
        e = Unwrap(e);
        if (e is InsufficientExecutionStackException)
        {
            context += "runaway recursion (the call stack is nearly full): ";
        }

        // The message as a user reads it: a library's ArgumentException names its C# parameter ("(Parameter 'totalSteps')"),
        // which means nothing to someone who set Epochs in the parameters cell; the type name stays, as in a traceback.
        string name = e.GetType().Name;
        string message = UserMessage.Of(e);
        string summary = $"Cell {number} failed: {context}{name}: {message}";
        // evalue is the exception's own message: front ends show "ename: evalue", so the name must not be in it twice.
        return Fail(sink, name, summary, StackTrace(e), message);
    }

    private static CellResult Fail(OutputSink sink, string name, string summary, IReadOnlyList<string> details, string? message = null)
    {
        // evalue is the message; the first traceback line names the cell, so a saved notebook says where it stopped.
        message ??= summary[(summary.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        sink.Add(new ErrorEvent(name, message, [summary, .. details]));
        return new CellResult(CellStatus.Failed, summary, name);
    }

    /// <summary>
    /// The exception's stack (and inner exceptions) without its first line, which repeats the message the summary already
    /// gives, and without the scripting engine's own frames below the cell; a recursion's repeated frames are folded
    /// into one line and a count (<see cref="StackTraceFolding"/>).
    /// </summary>
    internal static IReadOnlyList<string> StackTrace(Exception e)
    {
        // A runaway recursion leaves hundreds of thousands of frames: formatting them all takes seconds and megabytes,
        // so a long trace is folded from the frames themselves and only the frames shown are formatted.
        var frames = new System.Diagnostics.StackTrace(e, fNeedFileInfo: false);
        if (frames.FrameCount > MaxFramesAsText)
        {
            var own = frames.GetFrames()
                .Select(f => f.GetMethod())
                .TakeWhile(m => m?.DeclaringType?.FullName?.StartsWith("Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal) != true)
                .Where(m => !IsEngineFrame(m) && !IsHidden(m))
                .ToList();
            return StackTraceFolding.Fold(own, Frame, EqualityComparer<MethodBase?>.Default);
        }

        string text = e.ToString().ReplaceLineEndings("\n");
        string head = $"{e.GetType().FullName}: {e.Message}".ReplaceLineEndings("\n");
        if (text.StartsWith(head, StringComparison.Ordinal))
        {
            text = text[head.Length..].TrimStart('\n');
        }

        var lines = new List<string>();
        foreach (string line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal))
            {
                break;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        // The scripting engine's own frames were cut; a separator left just above them says nothing.
        while (lines.Count > 0 && lines[^1].StartsWith("--- End of stack trace", StringComparison.Ordinal))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return StackTraceFolding.Fold(lines);
    }

    /// <summary>The check the engine wove into the cell, not the cell's code.</summary>
    private static bool IsEngineFrame(MethodBase? method) =>
        method?.DeclaringType is { } type && (type == typeof(CellCancellation) || type == typeof(System.Runtime.CompilerServices.RuntimeHelpers));

    /// <summary>Frames the exception's own text leaves out too (rethrow and await plumbing).</summary>
    private static bool IsHidden(MethodBase? method) =>
        method is not null && (method.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false)
            || method.DeclaringType?.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false) == true);

    /// <summary>A frame as the exception's text writes it: <c>at Type.Method(Int32 n)</c>.</summary>
    private static string Frame(MethodBase? method)
    {
        if (method is null)
        {
            return "   at ?";
        }

        string type = method.DeclaringType?.FullName?.Replace('+', '.') ?? "?";
        string parameters = string.Join(", ", method.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"));
        return $"   at {type}.{method.Name}({parameters})";
    }

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
