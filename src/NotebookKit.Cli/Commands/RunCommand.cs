using System.CommandLine;
using System.Globalization;
using NotebookKit.Images;
using NotebookKit.Notebooks;
using NotebookKit.Notebooks.Execution;
using NotebookKit.Notebooks.Formats;
using NotebookKit.Notebooks.Writeups;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit run PATH... [--out DIR] [-p Name=value]... [--png] [--timeout S] [--strip-outputs]</c>: executes notebooks headless
/// into executed .ipynb files and HTML write-ups; the last line is <c>N passed, N failed[, N skipped]</c>. Each notebook runs in
/// a worker process of its own, so a notebook that crashes or hangs fails alone and the others still run.
/// </summary>
internal sealed class RunCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["run"];

    public Command Create()
    {
        var paths = new Argument<string[]>("path")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Notebooks (.ipynb, .dib, or a .cs lesson source in the percent format, converted in memory) or folders (every *.ipynb in them, in name order).",
        };
        var output = new Option<string>("--out")
        {
            DefaultValueFactory = _ => "artifacts",
            Description = "Folder for the executed <name>.ipynb and <name>.html (relative to the current directory).",
        };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "Override a value of the cell tagged 'parameters' (papermill convention): -p Epochs=40. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var timeout = new Option<double?>("--timeout")
        {
            Description = "Per-cell timeout in seconds: a cell that runs longer is stopped (loops, sleeps, training) and fails the notebook.",
        };
        var png = new Option<bool>("--png")
        {
            Description = "After each Plotly figure output, add a separate image/png output (headless Chromium) so GitHub shows the chart, and write each as <name>-figure-NN.png next to the write-up.",
        };
        var strip = new Option<bool>("--strip-outputs")
        {
            Description = "Rewrite the given notebooks in place without outputs, execution counts or run metadata, then exit.",
        };
        var command = new Command("run", "Execute C# notebooks headless into executed notebooks and offline HTML write-ups.");
        command.Arguments.Add(paths);
        command.Options.Add(output);
        command.Options.Add(parameters);
        command.Options.Add(timeout);
        command.Options.Add(png);
        command.Options.Add(strip);
        command.SetAction((parse, cancellationToken) => CliApp.GuardAsync(async () =>
        {
            var files = Expand(parse.GetValue(paths) ?? []);
            if (parse.GetValue(strip))
            {
                return Strip(files);
            }

            var values = ParseParameters(parse.GetValue(parameters) ?? []);
            double? seconds = parse.GetValue(timeout);
            if (seconds is { } s && (!double.IsFinite(s) || s <= 0))
            {
                throw new ArgumentException($"--timeout must be a positive number of seconds, not {s.ToString(CultureInfo.InvariantCulture)}.");
            }

            var options = new NotebookRunOptions { Parameters = values, CellTimeout = seconds is { } t ? TimeSpan.FromSeconds(t) : null };
            return await RunAll(files, parse.GetValue(output)!, options, parse.GetValue(png), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task<int> RunAll(IReadOnlyList<string> files, string outDir, NotebookRunOptions options, bool png, CancellationToken cancellationToken)
    {
        // Load every notebook and check the parameters first: a bad -p fails before anything runs.
        var notebooks = files.Select(Load).ToList();
        if (notebooks.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new ArgumentException($"Two notebooks are named '{clash.Key}'; their outputs would overwrite each other in '{outDir}'. Run them with different --out folders.");
        }

        var parameters = ParametersPerNotebook(notebooks, options.Parameters);

        string outFolder = System.IO.Path.GetFullPath(outDir);
        int passed = 0, failed = 0, skipped = 0;
        for (int i = 0; i < notebooks.Count; i++)
        {
            var notebook = notebooks[i];
            Console.WriteLine($"[{i + 1}/{notebooks.Count}] {files[i]}");
            NotebookRunResult result;
            try
            {
                result = await NotebookRunner.RunAsync(notebook, options with { Parameters = parameters[i] }, new ConsoleProgress(), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                // The engine interrupted the running cell; a half-run notebook is not written, so its files of an earlier
                // run (if any) stay as they were.
                throw new CommandStoppedException(
                    $"{notebook.Name} was stopped in its running cell and not written; {passed} passed, {failed} failed, {skipped} skipped before it.", e);
            }

            if (png)
            {
                int images;
                try
                {
                    images = await PngFallbacks.AddAsync(result.Executed, cancellationToken).ConfigureAwait(false);
                }
                catch (BrowserNotFoundException e)
                {
                    throw new InvalidOperationException($"--png needs Chromium: {e.Message}", e);
                }

                Console.WriteLine($"  {images} PNG image(s) added for Plotly figures");
            }

            string ipynb = System.IO.Path.Combine(outFolder, notebook.Name + ".ipynb");
            string html = System.IO.Path.Combine(outFolder, notebook.Name + ".html");
            NotebookWriter.Write(result.Executed, ipynb);
            WriteupRenderer.Write(result, html);
            if (png)
            {
                // Next to the write-up as files too, for pages and READMEs that link images.
                var images = PngFallbacks.WriteFiles(result.Executed, outFolder, notebook.Name);
                Console.WriteLine(images.Count == 0 ? "  no PNG files (no Plotly figure)" : $"  {images.Count} PNG file(s): {images[0]}{(images.Count > 1 ? $" ... {System.IO.Path.GetFileName(images[^1])}" : "")}");
            }

            string seconds = result.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
            if (result.Succeeded)
            {
                passed++;
                Console.WriteLine($"PASS {notebook.Name} ({seconds} s) -> {ipynb}, {html}");
            }
            else if (result.Skipped)
            {
                // Data that cannot be had on this machine is not a failure of the notebook: say how to supply it.
                skipped++;
                Console.WriteLine($"SKIP {notebook.Name} ({seconds} s): {result.SkipReason} -> {ipynb}, {html}");
            }
            else
            {
                failed++;
                Console.WriteLine($"FAIL {notebook.Name} ({seconds} s): {result.Error} -> {ipynb}, {html}");
                await Console.Error.WriteLineAsync($"error: {notebook.Name}: {result.Error}").ConfigureAwait(false);
            }
        }

        Console.WriteLine(skipped == 0 ? $"{passed} passed, {failed} failed" : $"{passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Loads a notebook; a .cs file that breaks the percent format says so, since any C# file passes the extension check.</summary>
    private static Notebook Load(string path)
    {
        try
        {
            return Notebook.Load(path);
        }
        catch (InvalidDataException e) when (System.IO.Path.GetExtension(path).Equals(".cs", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"'{path}' is not a lesson source in the percent format (docs/notebooks.md, \"Editing the notebooks\"): {e.Message}", e);
        }
    }

    private static int Strip(IReadOnlyList<string> files)
    {
        int changed = 0;
        foreach (string file in files)
        {
            bool did = NotebookStripper.StripFile(file);
            changed += did ? 1 : 0;
            Console.WriteLine($"{(did ? "stripped" : "clean   ")} {file}");
        }

        Console.WriteLine($"{changed} stripped, {files.Count - changed} already clean");
        return 0;
    }

    /// <summary>
    /// Gives each notebook the -p values its parameters cell declares, so one command can run notebooks with different
    /// parameters. A name no notebook declares, or a value that does not parse as a declared type, is an error.
    /// </summary>
    internal static IReadOnlyList<IReadOnlyDictionary<string, string>> ParametersPerNotebook(IReadOnlyList<Notebook> notebooks,
        IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return [.. notebooks.Select(_ => values)];
        }

        var result = new List<IReadOnlyDictionary<string, string>>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notebook in notebooks)
        {
            bool hasCell = notebook.Cells.Any(c => c.CellType == CellType.Code && c.HasTag(ParameterInjector.ParametersTag));
            var declared = hasCell ? ParameterInjector.Declared(notebook) : new Dictionary<string, string>();
            var subset = values.Where(p => declared.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            ParameterInjector.Inject(notebook.Clone(), subset);
            used.UnionWith(subset.Keys);
            result.Add(subset);
        }

        var unknown = values.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            string where = notebooks.Count == 1 ? $"the parameters cell of '{notebooks[0].Name}'" : "the parameters cell of any notebook given";
            var declaredNames = notebooks.SelectMany(n => n.Cells.Any(c => c.HasTag(ParameterInjector.ParametersTag)) ? ParameterInjector.Declared(n).Keys : [])
                .Distinct(StringComparer.Ordinal);
            throw new ArgumentException($"Parameter '{unknown[0]}' is not declared in {where} (declared: {string.Join(", ", declaredNames)}).");
        }

        return result;
    }

    /// <summary>
    /// Files as given (.ipynb, .dib, and .cs lesson sources in the percent format, which <see cref="Notebook.Load"/>
    /// converts in memory, as <c>nbkit convert</c> would); folders become their *.ipynb files in ordinal name order.
    /// </summary>
    internal static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.ipynb").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new ArgumentException($"Folder '{path}' contains no .ipynb notebooks.");
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                string extension = System.IO.Path.GetExtension(path);
                if (!(extension.ToLowerInvariant() is ".ipynb" or ".dib" or ".cs"))
                {
                    throw new ArgumentException($"'{path}' is not a notebook: expected a .ipynb or .dib file, a .cs lesson source in the percent format, or a folder.");
                }

                files.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"Notebook or folder '{path}' does not exist.");
            }
        }

        return files;
    }

    /// <summary>Parses <c>Name=value</c> pairs; the value may contain '=' and be empty (an empty string).</summary>
    internal static IReadOnlyDictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string name = eq > 0 ? pair[..eq].Trim() : "";
            if (name.Length == 0)
            {
                throw new ArgumentException($"-p expects Name=value (e.g. -p Epochs=40), not '{pair}'.");
            }

            if (!values.TryAdd(name, pair[(eq + 1)..]))
            {
                throw new ArgumentException($"-p gives parameter '{name}' more than once.");
            }
        }

        return values;
    }

    /// <summary>Prints one line per finished cell, numbered like its <c>In [n]</c> label (synchronously, so lines stay in order).</summary>
    private sealed class ConsoleProgress : IProgress<NotebookProgress>
    {
        public void Report(NotebookProgress value)
        {
            if (value.Status is { } status)
            {
                string seconds = value.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
                string outcome = status == CellRunStatus.Succeeded ? "ok" : value.DataMissing ? "stopped: its data is not on this machine" : "FAILED";
                Console.WriteLine($"  cell {value.Cell}/{value.CellCount} {outcome} ({seconds} s)");
            }
        }
    }
}
