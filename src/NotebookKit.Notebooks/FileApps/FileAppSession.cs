using System.Diagnostics;
using System.Globalization;
using NotebookKit.Files;
using NotebookKit.Notebooks.Execution;
using NotebookKit.Notebooks.Formats;
using NotebookKit.Notebooks.Writeups;
using NotebookKit.Specs;

namespace NotebookKit.Notebooks.FileApps;

/// <summary>
/// One run of a lesson as a file-based app: the lesson's cells (read from the entry file), the outputs each cell
/// produced, the command-line parameters, and the executed notebook and write-up written when the app ends.
/// </summary>
/// <remarks>
/// A compiled program has no cell boundaries, so an output belongs to the cell that holds the line of the entry file
/// that is running: the outermost frame of the entry file on the call stack (the top-level statement, not a helper it
/// called back into), which is where <c>nbkit run</c> would have shown it. Output from a thread with no such frame goes
/// to the cell that produced the previous output.
/// </remarks>
internal sealed class FileAppSession
{
    private static readonly Lazy<FileAppSession> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly object gate = new();
    private readonly Notebook notebook;
    private readonly IReadOnlyList<PercentCellSpan> spans;
    private readonly string entryFileName;
    private readonly Dictionary<int, CellRecorder> sinks = [];
    private readonly DisplayRegistry displays = new();
    private readonly FileAppArguments arguments;
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TextWriter terminal;
    private int currentCell = -1;
    private int lastCell = -1;
    private string? failure;
    private bool finished;

    private FileAppSession(Notebook notebook, IReadOnlyList<PercentCellSpan> spans, string entryPath, FileAppArguments arguments, TextWriter terminal)
    {
        this.notebook = notebook;
        this.spans = spans;
        entryFileName = Path.GetFileName(entryPath);
        this.arguments = arguments;
        this.terminal = terminal;
    }

    /// <summary>The session of this process, started on first use.</summary>
    public static FileAppSession Current => Started.Value;

    public DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var displayed = SinkOfRunningCell().Sink.Display(value, mimeTypes);
        // The terminal gets the plain-text form, so a run without a browser still shows what happened.
        terminal.WriteLine(displayed.ToString().TrimEnd('\n'));
        return displayed;
    }

    public T Parameter<T>(string name, T value) => arguments.Value(name, value);

    private static FileAppSession Start()
    {
        string entry = AppContext.GetData("EntryPointFilePath") as string
            ?? throw new InvalidOperationException(
                "display(...) and Parameter(...) from FileAppGlobals work in a .NET 10 file-based app (dotnet run lesson.cs); this process was not started from a .cs file.");
        string name = Path.GetFileNameWithoutExtension(entry);
        Notebook notebook;
        IReadOnlyList<PercentCellSpan> spans;
        try
        {
            notebook = PercentReader.Read(File.ReadAllText(entry), name, out spans);
        }
        catch (InvalidDataException)
        {
            // Not a lesson source: the whole file is one code cell, so outputs still land in a write-up.
            notebook = Notebook.Create();
            notebook.Cells.Add(new NotebookCell(CellType.Code, File.ReadAllText(entry).TrimEnd('\n'), "program"));
            spans = [new PercentCellSpan(0, 1, int.MaxValue)];
        }

        notebook.Path = Path.ChangeExtension(entry, ".ipynb");
        var arguments = FileAppArguments.Parse(Environment.GetCommandLineArgs().Skip(1), notebook);
        var session = new FileAppSession(notebook, spans, entry, arguments, Console.Out);
        Console.SetOut(new ConsoleTee("stdout", Console.Out, session.Record));
        Console.SetError(new ConsoleTee("stderr", Console.Error, session.Record));
        // LiveDisplay (progress bars, status lines) shows in the running cell, as in nbkit run.
        NotebookKit.Display.DisplayHost.Current = new FileAppDisplayHost(session);
        AppDomain.CurrentDomain.UnhandledException += (_, e) => session.Fail(e.ExceptionObject as Exception);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => session.Finish();
        return session;
    }

    private void Record(string stream, string text) => SinkOfRunningCell().Sink.Write(stream, text);

    private CellRecorder SinkOfRunningCell()
    {
        int cell = CellOnStack(new StackTrace(fNeedFileInfo: true)) ?? (lastCell >= 0 ? lastCell : FirstCodeCell());
        lock (gate)
        {
            lastCell = cell;
            currentCell = Math.Max(currentCell, cell);
            if (!sinks.TryGetValue(cell, out var sink))
            {
                sinks[cell] = sink = new CellRecorder(displays);
            }

            return sink;
        }
    }

    /// <summary>The cell holding the outermost line of the entry file on <paramref name="trace"/>, if any.</summary>
    private int? CellOnStack(StackTrace trace)
    {
        int? line = null;
        foreach (var frame in trace.GetFrames())
        {
            if (frame.GetFileName() is { } file && Path.GetFileName(file) == entryFileName && frame.GetFileLineNumber() > 0)
            {
                line = frame.GetFileLineNumber(); // keep going: the outermost frame wins
            }
        }

        return line is { } l ? spans.FirstOrDefault(s => s.MarkerLine <= l && l <= s.LastLine)?.CellIndex : null;
    }

    private int FirstCodeCell() => Math.Max(0, notebook.Cells.FindIndex(c => c.CellType == CellType.Code));

    private void Fail(Exception? exception)
    {
        if (exception is null)
        {
            return;
        }

        int? cell = CellOnStack(new StackTrace(exception, fNeedFileInfo: true));
        var sink = cell is { } c ? SinkFor(c) : SinkOfRunningCell();
        sink.Sink.Add(new ErrorEvent(exception.GetType().Name, UserMessage.Of(exception), exception.ToString().Split('\n')));
        lock (gate)
        {
            failure = $"Cell {(cell ?? lastCell) + 1} failed: {exception.GetType().Name}: {UserMessage.Of(exception)}";
            if (cell is { } failed)
            {
                currentCell = failed;
            }
        }

        Finish();
    }

    private CellRecorder SinkFor(int cell)
    {
        lock (gate)
        {
            if (!sinks.TryGetValue(cell, out var sink))
            {
                sinks[cell] = sink = new CellRecorder(displays);
            }

            return sink;
        }
    }

    private void Finish()
    {
        lock (gate)
        {
            if (finished)
            {
                return;
            }

            finished = true;
        }

        clock.Stop();
        foreach (string name in arguments.Unapplied)
        {
            terminal.WriteLine($"warning: {name}={arguments.Overrides[name]} was not applied: the parameters region of {entryFileName} has no line for it (rebuild the lesson: nbkit convert {entryFileName} --to cs).");
        }

        // Every code cell up to the last one that produced output ran (a failure stops the run there); later ones ran
        // too when the app ended normally.
        int lastRun = failure is null ? notebook.Cells.Count - 1 : currentCell;
        var results = new List<CellRunResult>();
        int count = 0;
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.CellType != CellType.Code)
            {
                results.Add(new CellRunResult(i + 1, cell.Id!, CellRunStatus.NotCode, TimeSpan.Zero, []));
                continue;
            }

            if (i > lastRun)
            {
                results.Add(new CellRunResult(i + 1, cell.Id!, CellRunStatus.NotRun, TimeSpan.Zero, []));
                continue;
            }

            cell.ExecutionCount = ++count;
            if (sinks.TryGetValue(i, out var sink))
            {
                cell.Outputs.AddRange(sink.Snapshot());
            }

            var status = failure is not null && i == lastRun ? CellRunStatus.Failed : CellRunStatus.Succeeded;
            results.Add(new CellRunResult(i + 1, cell.Id!, status, TimeSpan.Zero, [.. cell.Outputs]));
        }

        var result = new NotebookRunResult(notebook, results, arguments.Overrides, started, clock.Elapsed, failure);
        string folder = Path.GetFullPath(arguments.OutputFolder);
        string html = Path.Combine(folder, notebook.Name + ".html");
        string ipynb = Path.Combine(folder, notebook.Name + ".ipynb");
        NotebookWriter.Write(result.Executed, ipynb);
        AtomicFile.WriteAllText(html, WriteupRenderer.Render(result.Executed, result.Parameters, RunEnvironment.Current(notebook.Directory, started), null));
        string seconds = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        terminal.WriteLine(failure is null
            ? $"{notebook.Name}: {count} code cells ran in {seconds} s -> {ipynb}, {html}"
            : $"{notebook.Name}: {failure} -> {ipynb}, {html}");
        terminal.Flush();
    }
}
