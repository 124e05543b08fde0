using System.CommandLine;
using System.Reflection;

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

    /// <summary>Runs a command body; turns expected failures into a one-line message on stderr and exit code 1.</summary>
    /// <remarks>Never a bare stack trace as the only message (docs/architecture.md, "Bad input").</remarks>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException
                                      or FormatException or NotSupportedException or System.Text.Json.JsonException
                                      or InvalidDataException or TimeoutException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Synchronous form of <see cref="GuardAsync"/>.</summary>
    public static int Guard(Func<int> body) => GuardAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    /// <summary>The informational version of an assembly, for headers and <c>nbkit version</c>.</summary>
    public static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";
}
