using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using NotebookKit.Specs;

namespace NotebookKit.Cli;

/// <summary>Builds the <c>nbkit</c> command tree and runs it with one error policy.</summary>
internal static class CliApp
{
    private static readonly Dictionary<string, string> GroupDescriptions = new(StringComparer.Ordinal)
    {
        ["schedule"] = "Learning-rate schedules: trace PyTorch/Keras schedulers.",
        ["optim"] = "Optimizers: trace PyTorch-exact parameter trajectories.",
        ["bench"] = "Benchmarks: training and optimizer throughput.",
        ["data"] = "Datasets: fetch and inspect Fashion-MNIST and CIFAR-10.",
        ["kernel"] = "The C# Jupyter kernel: install it for VS Code, JupyterLab and Notebook; list or remove kernelspecs.",
    };

    /// <summary>Builds the root command from every <see cref="ICliCommand"/> in this assembly.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("nbkit: learning-rate schedules, optimizers and C# notebooks, from the command line.");
        var commands = typeof(CliApp).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => (ICliCommand)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(c => string.Join(' ', c.Path), StringComparer.Ordinal);
        foreach (var command in commands)
        {
            Command parent = root;
            foreach (string word in command.Path.Take(command.Path.Count - 1))
            {
                var group = parent.Subcommands.FirstOrDefault(c => c.Name == word);
                if (group is null)
                {
                    group = new Command(word, GroupDescriptions.GetValueOrDefault(word, word));
                    parent.Subcommands.Add(group);
                }

                parent = group;
            }

            var leaf = command.Create();
            if (leaf.Name != command.Path[^1])
            {
                throw new InvalidOperationException($"Command {command.GetType().Name} is named '{leaf.Name}' but its path ends in '{command.Path[^1]}'.");
            }

            parent.Subcommands.Add(leaf);
        }

        return root;
    }

    /// <summary>
    /// Parses and runs a command line. A command-line mistake (unknown command or option, a value that does not parse,
    /// a value outside the allowed set, a missing argument) prints one <c>error: ...</c> line and where to find the
    /// usage, never the whole help text, and exits 1; <c>--help</c> still prints the help.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        error ??= Console.Error;
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // An unknown word explains more than the "command required" that follows from it.
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            await error.WriteLineAsync($"error: {Describe(first)}").ConfigureAwait(false);
            await error.WriteLineAsync($"Run '{CommandLineOf(parse.CommandResult)} --help' for usage.").ConfigureAwait(false);
            return 1;
        }

        // One handler for SIGTERM and SIGINT serves every command that takes a CancellationToken (the long ones: train,
        // lr-find, run, sweep, data fetch, kernel start); the short synchronous ones keep .NET's default and end at once.
        // System.CommandLine's own handler (ProcessTerminationTimeout) is off: it gives a command 2 seconds, then ends
        // the process (exit 143) in the middle of whatever it was writing.
        using var signals = parse.Action is AsynchronousCommandLineAction ? new StopSignals() : null;
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };

        // Commands guard their own bodies; this catches what escapes one, with the same one-line policy.
        return await GuardAsync(() => parse.InvokeAsync(invocation, signals?.Token ?? CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a command body; turns expected failures into a one-line message on stderr and exit code 1, and anything
    /// else into one line that says nbkit itself failed (a bug to report), never a bare stack trace.
    /// </summary>
    /// <remarks>docs/architecture.md, "Bad input".</remarks>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException
                                      or FormatException or NotSupportedException or System.Text.Json.JsonException
                                      or InvalidDataException or TimeoutException or HttpRequestException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"error: {UserMessage.Of(e)}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException e)
        {
            // Stopped on request (StopSignals): one line saying by what and, when the command says it, what was kept.
            string by = StopSignals.Received is { } signal ? $" by {signal}" : "";
            string what = e is CommandStoppedException ? $": {UserMessage.Of(e)}" : ".";
            await Console.Error.WriteLineAsync($"stopped{by}{what}").ConfigureAwait(false);
            return 130;
        }
        catch (OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync("error: out of memory: the input asks for more data than this machine holds; use fewer steps, groups, images or a smaller batch.").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is not (StackOverflowException or AccessViolationException))
        {
            // A failure the command did not anticipate is a bug in nbkit: say so in one line, with the message and the
            // place, and keep the stack trace for a bug report behind an environment variable.
            await Console.Error.WriteLineAsync($"error: nbkit failed unexpectedly: {UserMessage.Of(e)} (set NBKIT_TRACE=1 to print the stack trace for a bug report)").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("NBKIT_TRACE") == "1")
            {
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            return 70;
        }
    }

    /// <summary>One parse error in the user's words: the option or argument, the value, and what it must be.</summary>
    internal static string Describe(ParseError error)
    {
        if (error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            // The default message ends in a .NET type name ("as expected type 'System.Int32'").
            (string name, Type type, SymbolResult result)? what = error.SymbolResult switch
            {
                OptionResult o => (o.Option.Name, o.Option.ValueType, o),
                ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, a.Argument.ValueType, a),
                ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a),
                _ => null,
            };
            if (what is var (name, type, result))
            {
                string value = string.Join(' ', result.Tokens.Select(t => t.Value));
                return $"{name}: '{value}' is not {KindOf(type)}.";
            }
        }

        return error.Message switch
        {
            "Required command was not provided." => $"a command is required: {string.Join(", ", (error.SymbolResult as CommandResult)?.Command.Subcommands.Select(c => c.Name) ?? [])}.",
            // "Must be one of:" lists the choices one per line; keep the one-line promise.
            _ => error.Message.Replace(":\n\t", ": ", StringComparison.Ordinal).Replace("\n\t", ", ", StringComparison.Ordinal).ReplaceLineEndings(" ").Trim(),
        };
    }

    private static string KindOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "a whole number",
        var t when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(TimeSpan) => "a duration",
        var t when t.IsEnum => $"one of {string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))}",
        _ => "a valid value",
    };

    private static string CommandLineOf(CommandResult command)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = command; r is CommandResult c; r = r.Parent)
        {
            names.Push(c.Parent is null ? "nbkit" : c.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>Synchronous form of <see cref="GuardAsync"/>.</summary>
    public static int Guard(Func<int> body) => GuardAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    /// <summary>The informational version of an assembly, for headers and <c>nbkit version</c>.</summary>
    public static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";
}
