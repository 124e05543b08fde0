using System.Globalization;
using NotebookKit.Notebooks.Execution;
using NotebookKit.Specs;

namespace NotebookKit.Notebooks.FileApps;

/// <summary>
/// The command line of a lesson run as a file-based app: <c>Name=value</c> parameter overrides (checked against the
/// lesson's parameters cell with the same rules as <c>nbkit run -p</c>) and <c>--out DIR</c> for the write-up.
/// </summary>
internal sealed class FileAppArguments
{
    private readonly Dictionary<string, string> overrides;
    private readonly HashSet<string> applied = new(StringComparer.Ordinal);

    private FileAppArguments(Dictionary<string, string> overrides, string outputFolder)
    {
        this.overrides = overrides;
        OutputFolder = outputFolder;
    }

    /// <summary>The overrides as written, for the write-up's header.</summary>
    public IReadOnlyDictionary<string, string> Overrides => overrides;

    /// <summary>Where the executed notebook and the write-up go (default <c>artifacts</c>, relative to the current directory).</summary>
    public string OutputFolder { get; }

    /// <summary>Overrides given on the command line that no <c>Parameter(...)</c> call asked for.</summary>
    public IEnumerable<string> Unapplied => overrides.Keys.Where(k => !applied.Contains(k));

    /// <summary>Reads the arguments; a wrong one ends the process with one <c>error:</c> line and exit code 2.</summary>
    public static FileAppArguments Parse(IEnumerable<string> args, Notebook notebook)
    {
        try
        {
            return Read([.. args], notebook);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {UserMessage.Of(e)}");
            Environment.Exit(2);
            throw; // not reached
        }
    }

    /// <summary>The command-line value of <paramref name="name"/> as <typeparamref name="T"/>, else <paramref name="value"/>.</summary>
    public T Value<T>(string name, T value)
    {
        if (!overrides.TryGetValue(name, out string? text))
        {
            return value;
        }

        applied.Add(name);
        var inv = CultureInfo.InvariantCulture;
        object parsed = value switch
        {
            int => int.Parse(text, NumberStyles.Integer, inv),
            long => long.Parse(text, NumberStyles.Integer, inv),
            double => double.Parse(text, NumberStyles.Float, inv),
            float => float.Parse(text, NumberStyles.Float, inv),
            decimal => decimal.Parse(text, NumberStyles.Float, inv),
            bool => bool.Parse(text),
            _ when typeof(T) == typeof(string) => text,
            _ => throw new ArgumentException($"Parameter '{name}' has type {typeof(T).Name}; the command line sets int, long, double, float, decimal, bool and string parameters."),
        };
        return (T)parsed;
    }

    internal static FileAppArguments Read(IReadOnlyList<string> args, Notebook notebook)
    {
        var declared = notebook.Cells.Any(c => c.CellType == CellType.Code && c.HasTag(ParameterInjector.ParametersTag))
            ? ParameterInjector.Declared(notebook)
            : new Dictionary<string, string>();
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        string output = "artifacts";
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--out" || arg.StartsWith("--out=", StringComparison.Ordinal))
            {
                output = arg == "--out"
                    ? i + 1 < args.Count ? args[++i] : throw new ArgumentException("--out needs a folder: --out DIR.")
                    : arg["--out=".Length..];
                continue;
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{arg}' is not a parameter: write Name=value (e.g. Epochs=1), or --out DIR.");
            }

            string name = arg[..equals], value = arg[(equals + 1)..];
            if (!declared.TryGetValue(name, out string? type))
            {
                throw new ArgumentException(declared.Count == 0
                    ? $"Parameter '{name}': {notebook.Name} has no cell tagged \"parameters\", so it takes no Name=value arguments."
                    : $"Parameter '{name}' is not declared in the parameters cell of {notebook.Name} (declared: {string.Join(", ", declared.Keys)}).");
            }

            ParameterInjector.Literal(name, type, value); // the same rules and messages as nbkit run -p
            overrides[name] = value;
        }

        return new FileAppArguments(overrides, output);
    }
}
