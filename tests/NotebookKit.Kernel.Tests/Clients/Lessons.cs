using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NotebookKit.Claims;
using NotebookKit.Data;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>
/// The lessons in notebooks/ (every one there, so a new lesson is covered when it lands) and the quick values these
/// tests inject: the runner's lesson tests (tests/NotebookKit.Notebooks.Tests/NotebooksRunTests.cs) run every lesson at
/// its defaults once, so here each lesson only has to run through the kernel, at toy sizes that keep all of them to a
/// few minutes on 2 cores. Only names a lesson's parameters cell declares are injected.
/// </summary>
internal static class Lessons
{
    private static readonly Dictionary<string, string> Quick = new(StringComparer.Ordinal)
    {
        ["Epochs"] = "1",
        ["TrainPerClass"] = "30",
        ["ValidationPerClass"] = "20",
        ["TestPerClass"] = "20",
        ["PlateauEpochs"] = "3",
        ["SeedCount"] = "2",
        ["GridSeedCount"] = "1",
        ["RangeTestIterations"] = "30",
        ["Threads"] = "2",
    };

    /// <summary>Per-lesson values where the common ones do not fit.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> PerLesson = new(StringComparer.Ordinal)
    {
        // Two epochs: the warmup + cosine schedule warms up for one epoch and needs steps after it.
        ["01-learning-rate-decay"] = new(StringComparer.Ordinal) { ["Epochs"] = "2" },
        // Two epochs on 10 images per class; the lesson stretches its schedules to the run, so they still drop.
        ["02-step-decay-cifar10"] = new(StringComparer.Ordinal) { ["Epochs"] = "2", ["TrainPerClass"] = "10", ["TestPerClass"] = "10" },
    };

    public static string RepositoryRoot
    {
        get
        {
            string? root = AppContext.BaseDirectory;
            while (root is not null && !File.Exists(Path.Combine(root, "NotebookKit.sln")))
            {
                root = Path.GetDirectoryName(root);
            }

            return root ?? throw new DirectoryNotFoundException($"No NotebookKit.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>
    /// The environment the kernel runs a quick lesson in: the installed <c>.net-csharp</c> kernelspec, and
    /// <c>NBKIT_CLAIMS=report</c>, so a claim these toy sizes do not support is shown as such instead of failing its
    /// cell (the kernel's worker inherits it); the runner's lesson tests check the claims at the defaults.
    /// </summary>
    public static Dictionary<string, string> Environment(InstalledKernel kernel)
    {
        var environment = kernel.Environment(".net-csharp");
        environment[Claim.ModeVariable] = "report";
        return environment;
    }

    /// <summary>The quick values for a lesson; CIFAR-10 comes from a synthetic folder in its exact layout, written under <paramref name="scratch"/>.</summary>
    public static Dictionary<string, string> Values(string name, string scratch)
    {
        var values = new Dictionary<string, string>(Quick, StringComparer.Ordinal);
        foreach (var (key, value) in PerLesson.GetValueOrDefault(name) ?? [])
        {
            values[key] = value;
        }

        if (name.Contains("cifar", StringComparison.OrdinalIgnoreCase))
        {
            string data = Path.Combine(scratch, "data");
            Cifar10.WriteSynthetic(data, trainPerClass: 10, testPerClass: 10, seed: 1);
            values["DataDir"] = data;
        }

        return values;
    }

    /// <summary>The argument run_lessons.py takes: <c>PATH=Name=value,...</c>.</summary>
    public static string Argument(string name, string scratch)
    {
        string path = Path.Combine(RepositoryRoot, "notebooks", name + ".ipynb");
        return path + "=" + string.Join(',', Values(name, scratch).Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>The injected cell's C# (as run_lessons.py writes it): an assignment for each quick value the parameters cell declares.</summary>
    public static string InjectedSource(string name, string parametersCell, string scratch) =>
        string.Join('\n', Values(name, scratch)
            .Where(p => Regex.IsMatch(parametersCell, $@"\b{Regex.Escape(p.Key)}\s*="))
            .Select(p => $"{p.Key} = {Literal(p.Value)};"));

    private static string Literal(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || value is "true" or "false"
            ? value
            : JsonSerializer.Serialize(value);
}
