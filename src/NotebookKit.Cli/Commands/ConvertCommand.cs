using System.CommandLine;
using NotebookKit.Notebooks;
using NotebookKit.Notebooks.Formats;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit convert IN... --to ipynb|dib|cs [--out FILE|DIR] [--check] [--clean]</c>: converts notebooks between
/// .ipynb, .dib and the .cs percent format. Builds notebooks/*.ipynb from lessons/*.cs, and checks that they agree.
/// </summary>
internal sealed class ConvertCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["convert"];

    public Command Create()
    {
        var inputs = new Argument<string[]>("in")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Notebooks (.ipynb, .dib, .cs) or folders (every notebook in them not already in the target format, in name order).",
        };
        var to = new Option<string>("--to")
        {
            Required = true,
            Description = "The target format: ipynb, dib or cs (Jupytext's percent format for C#).",
        };
        var output = new Option<string?>("--out")
        {
            Description = "The output file (one input) or folder (several inputs, or a path ending in '/'). Default: next to each input, with the new extension.",
        };
        var check = new Option<bool>("--check")
        {
            Description = "Write nothing; exit 1 and name every output that is missing or differs from what the conversion gives.",
        };
        var clean = new Option<bool>("--clean")
        {
            Description = "Drop outputs, execution counts, run metadata and injected-parameters cells first (what nbkit run adds).",
        };
        var command = new Command("convert", "Convert notebooks between .ipynb, .dib and the .cs percent format, losing no cell, tag or metadata.");
        command.Arguments.Add(inputs);
        command.Options.Add(to);
        command.Options.Add(output);
        command.Options.Add(check);
        command.Options.Add(clean);
        command.SetAction(parse => CliApp.Guard(() =>
        {
            var format = NotebookConverter.ParseFormat(parse.GetValue(to)!);
            var files = Expand(parse.GetValue(inputs) ?? [], format);
            var targets = Targets(files, format, parse.GetValue(output));
            return Convert(files, targets, format, parse.GetValue(check), parse.GetValue(clean));
        }));
        return command;
    }

    private static int Convert(IReadOnlyList<string> files, IReadOnlyList<string> targets, NotebookFormat format, bool check, bool clean)
    {
        // Convert everything first: a file that cannot be converted stops the command before anything is written.
        var notebooks = new List<Notebook>(files.Count);
        var texts = new List<string>(files.Count);
        for (int i = 0; i < files.Count; i++)
        {
            var notebook = Notebook.Load(files[i]);
            if (clean)
            {
                NotebookStripper.Strip(notebook);
            }
            else if (format != NotebookFormat.Ipynb && NotebookConverter.CellsWithOutputs(notebook) is > 0 and int n)
            {
                Console.Error.WriteLine($"note: {files[i]}: {n} cell(s) have outputs or execution counts, which {NotebookConverter.Extension(format)} does not keep.");
            }

            notebooks.Add(notebook);
            try
            {
                texts.Add(NotebookConverter.ToText(notebook, format, System.IO.Path.GetFileNameWithoutExtension(targets[i])));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{files[i]}: {e.Message}", e);
            }
        }

        int written = 0, unchanged = 0, stale = 0;
        for (int i = 0; i < files.Count; i++)
        {
            bool same = File.Exists(targets[i]) && File.ReadAllText(targets[i]) == texts[i];
            if (same)
            {
                unchanged++;
                Console.WriteLine($"unchanged {targets[i]}");
            }
            else if (check)
            {
                stale++;
                Console.WriteLine($"out of date: {targets[i]} (differs from the conversion of {files[i]})");
            }
            else
            {
                NotebookConverter.Write(notebooks[i], targets[i]);
                written++;
                Console.WriteLine($"wrote {targets[i]}");
            }
        }

        Console.WriteLine(check ? $"{unchanged} up to date, {stale} out of date" : $"{written} written, {unchanged} unchanged");
        return stale == 0 ? 0 : 1;
    }

    private static List<string> Expand(IEnumerable<string> paths, NotebookFormat target)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path)
                    .Where(f => System.IO.Path.GetExtension(f).ToLowerInvariant() is ".ipynb" or ".dib" or ".cs")
                    .Where(f => NotebookConverter.FormatOf(f) != target)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new ArgumentException($"Folder '{path}' holds no notebook (.ipynb, .dib, .cs) to convert to {NotebookConverter.Extension(target)}.");
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                NotebookConverter.FormatOf(path);
                files.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"Notebook or folder '{path}' does not exist.");
            }
        }

        return files;
    }

    private static List<string> Targets(IReadOnlyList<string> files, NotebookFormat format, string? output)
    {
        string extension = NotebookConverter.Extension(format);
        bool intoFolder = output is not null
            && (files.Count > 1 || Directory.Exists(output) || output.EndsWith('/') || output.EndsWith(System.IO.Path.DirectorySeparatorChar));
        if (output is not null && !intoFolder && NotebookConverter.FormatOf(output) != format)
        {
            throw new ArgumentException($"--out '{output}' does not end in {extension}, the extension of --to {format.ToString().ToLowerInvariant()}.");
        }

        var targets = files.Select(f => output is null
                ? System.IO.Path.ChangeExtension(f, extension)
                : intoFolder ? System.IO.Path.Combine(output, System.IO.Path.GetFileNameWithoutExtension(f) + extension) : output)
            .ToList();
        if (targets.GroupBy(t => System.IO.Path.GetFullPath(t), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new ArgumentException($"Two inputs would both be written to '{clash.Key}'; convert them into different --out folders.");
        }

        return targets;
    }
}
