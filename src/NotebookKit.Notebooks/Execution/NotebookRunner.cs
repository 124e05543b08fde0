using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Notebooks.Formats;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Executes a notebook's C# cells in order in one <see cref="IExecutionSession"/> (a worker process of its own), with the
/// .NET kernel's conventions: default usings, <c>display(...)</c>/<c>HTML(...)</c>/<c>x.Display()</c>, trailing expressions
/// as results, Console captured as streams, top-level await, <c>#!csharp</c>/<c>#!markdown</c>/<c>#!time</c>, <c>#r</c>, and
/// <c>#r "nuget: NotebookKit"</c> mapped to the library the worker loaded. The first failing cell stops the run.
/// </summary>
/// <remarks>Cells run with the notebook's folder as their current directory, in the worker: a cell that changes the
/// directory, replaces Console's writers, exits or crashes affects only its own notebook's worker.</remarks>
public static class NotebookRunner
{
    /// <summary>The kernel's default imports (<c>CSharpKernel</c> constructor).</summary>
    public static IReadOnlyList<string> DefaultImports => CellEngine.DefaultImports;

    /// <summary>Runs <paramref name="notebook"/> (which is not changed) and returns the executed copy with results.</summary>
    /// <param name="notebook">The notebook; its folder is the working directory of the cells.</param>
    /// <param name="options">Parameters and timeout; defaults when null.</param>
    /// <param name="progress">Told before and after each code cell (called synchronously).</param>
    /// <param name="cancellationToken">Interrupts the running cell and stops the run (then throws <see cref="OperationCanceledException"/>).</param>
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
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        await using var session = await ExecutionSession.StartAsync(
            new SessionOptions { WorkingDirectory = executed.Directory, NotebookPath = executed.Path, StopsAtFirstFailure = true }, cancellationToken).ConfigureAwait(false);
        var (results, error, skip) = await RunCellsAsync(executed, session, options, progress, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        executed.Metadata["nbkit"] = new JsonObject
        {
            ["parameters"] = new JsonObject(options.Parameters.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value))),
            ["start_time"] = started.ToString("o", CultureInfo.InvariantCulture),
            ["duration_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 6),
            ["status"] = skip is not null ? "skipped" : error is null ? "ok" : "error",
        };
        return new NotebookRunResult(executed, results, options.Parameters, started, clock.Elapsed, error) { SkipReason = skip };
    }

    private static async Task<(List<CellRunResult> Cells, string? Error, string? Skip)> RunCellsAsync(Notebook notebook, IExecutionSession session,
        NotebookRunOptions options, IProgress<NotebookProgress>? progress, CancellationToken cancellationToken)
    {
        string defaultKernel = KernelMetadata.DefaultKernel(notebook);
        var kernels = notebook.Cells.Select(c => c.CellType == CellType.Code ? KernelMetadata.CellKernel(c, defaultKernel) : null).ToList();
        var runs = notebook.Cells.Select((c, i) => kernels[i] is { } k && Runs(CellPreprocessor.Prepare(c.Source, k))).ToList();
        int toRun = runs.Count(r => r);
        var displays = new DisplayRegistry();
        var results = new List<CellRunResult>();
        string? error = null, skip = null;
        int executionCount = 0;
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (!runs[i])
            {
                results.Add(new CellRunResult(i + 1, cell.Id!, CellRunStatus.NotCode, TimeSpan.Zero, []));
                continue;
            }

            if (error is not null)
            {
                results.Add(new CellRunResult(i + 1, cell.Id!, CellRunStatus.NotRun, TimeSpan.Zero, []));
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            cell.ExecutionCount = ++executionCount;
            progress?.Report(new NotebookProgress(notebook.Name, executionCount, toRun, null, TimeSpan.Zero));
            var collector = new OutputCollector(displays);
            var cellStart = DateTimeOffset.UtcNow;
            var request = new ExecutionRequest(cell.Source) { ExecutionCount = executionCount, Timeout = options.CellTimeout, Kernel = kernels[i]! };
            var outcome = await session.ExecuteAsync(request, collector, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            cell.Outputs.AddRange(collector.Outputs);
            var status = outcome.Succeeded ? CellRunStatus.Succeeded : CellRunStatus.Failed;
            cell.Metadata["execution"] = new JsonObject
            {
                ["iopub.execute_input"] = cellStart.ToString("o", CultureInfo.InvariantCulture),
                ["shell.execute_reply"] = cellStart.Add(outcome.Duration).ToString("o", CultureInfo.InvariantCulture),
            };
            cell.Metadata["nbkit"] = new JsonObject
            {
                ["duration_seconds"] = Math.Round(outcome.Duration.TotalSeconds, 6),
                ["status"] = outcome.Succeeded ? "ok" : "error",
            };
            results.Add(new CellRunResult(i + 1, cell.Id!, status, outcome.Duration, cell.Outputs.ToList()) { ExecutionCount = executionCount });
            if (!outcome.Succeeded)
            {
                error = outcome.Error ?? $"Cell {executionCount} failed.";
                skip = SkipReason(notebook, outcome, collector.Outputs);
            }

            progress?.Report(new NotebookProgress(notebook.Name, executionCount, toRun, status, outcome.Duration) { DataMissing = skip is not null });
        }

        return (results, error, skip);
    }

    /// <summary>A cell the session executes: C# code, or one that fails to prepare (an unsupported kernel or magic).</summary>
    private static bool Runs(PreparedCell prepared) => prepared.Error is not null || prepared.Kind == CellKind.CSharp;

    /// <summary>
    /// When a cell failed because a dataset cannot be had here (the library's DatasetNotFoundException: not on disk and
    /// not downloadable), the notebook is skipped rather than failed; the reason says how to supply the data.
    /// </summary>
    private static string? SkipReason(Notebook notebook, ExecutionOutcome outcome, IReadOnlyList<CellOutput> outputs)
    {
        if (outcome.ErrorName != "DatasetNotFoundException" || outputs.LastOrDefault(o => o.OutputType == OutputType.Error) is not { } failure)
        {
            return null;
        }

        string reason = failure.ErrorValue ?? "";
        int colon = reason.IndexOf("DatasetNotFoundException: ", StringComparison.Ordinal);
        reason = colon >= 0 ? reason[(colon + "DatasetNotFoundException: ".Length)..] : reason;
        bool hasDataDir = notebook.Cells.Any(c => c.CellType == CellType.Code && c.HasTag(ParameterInjector.ParametersTag))
                          && ParameterInjector.Declared(notebook).ContainsKey("DataDir");
        return hasDataDir ? $"{reason} Or point the notebook at a folder that has it: -p DataDir=FOLDER." : reason;
    }
}
