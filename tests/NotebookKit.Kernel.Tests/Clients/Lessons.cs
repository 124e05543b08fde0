using NotebookKit.Data;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>
/// The lessons in notebooks/ (every one there, so a new lesson is covered when it lands) and the values the runner's own
/// lesson tests (tests/NotebookKit.Notebooks.Tests/NotebooksRunTests.cs) use, kept in step with them. Only names a
/// lesson's parameters cell declares are injected.
/// </summary>
internal static class Lessons
{
    private static readonly Dictionary<string, string> Quick = new(StringComparer.Ordinal)
    {
        ["Epochs"] = "2",
        ["TrainPerClass"] = "30",
        ["TestPerClass"] = "20",
        ["PlateauEpochs"] = "4",
        ["DropEvery"] = "1",
        ["GridSize"] = "2",
        ["GridEpochs"] = "1",
        ["RangeTestIterations"] = "30",
        ["Threads"] = "2",
    };

    /// <summary>Per-lesson values where the common ones do not fit (the same as the runner's own lesson tests).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> PerLesson = new(StringComparer.Ordinal)
    {
        ["01-learning-rate-decay"] = new(StringComparer.Ordinal) { ["Epochs"] = "1" },
        ["02-step-decay-cifar10"] = new(StringComparer.Ordinal) { ["TrainPerClass"] = "10", ["TestPerClass"] = "10" },
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

    /// <summary>The argument run_lessons.py takes: <c>PATH=Name=value,...</c>; CIFAR-10 comes from a synthetic folder in its exact layout.</summary>
    public static string Argument(string name, string scratch)
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

        string path = Path.Combine(RepositoryRoot, "notebooks", name + ".ipynb");
        return path + "=" + string.Join(',', values.Select(p => $"{p.Key}={p.Value}"));
    }
}
