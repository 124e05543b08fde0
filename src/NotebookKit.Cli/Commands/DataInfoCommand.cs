using System.CommandLine;
using System.Text.Json.Nodes;
using NotebookKit.Data;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit data info [--data-dir DIR]</c>: one JSON object with, for each dataset, its split sizes, shape, classes
/// and source folder, or <c>{"error": "..."}</c> saying why it is missing or broken and how to get it. Never downloads.
/// </summary>
internal sealed class DataInfoCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["data", "info"];

    public Command Create()
    {
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "The data root (holds fashion-mnist/ and cifar-10-batches-bin/). Default: the repository's data/ folder.",
        };
        var command = new Command("info", "Show which datasets are available, with split sizes, classes and source paths (JSON).");
        command.Options.Add(dataDir);
        command.SetAction(parseResult => CliApp.Guard(() =>
        {
            string? dir = parseResult.GetValue(dataDir);
            var info = new JsonObject
            {
                ["data_dir"] = DataDirectory.Resolve(dir),
                ["fashion-mnist"] = Describe(() =>
                {
                    string? folder = FashionMnist.Locate(dir);
                    return folder is null ? throw new DatasetNotFoundException(FashionMnist.HowToGet(dir)) : (folder, FashionMnist.LoadFrom(folder));
                }),
                ["cifar10"] = Describe(() =>
                {
                    string? folder = Cifar10.Locate(dir);
                    if (folder is null)
                    {
                        string archive = System.IO.Path.Combine(DataDirectory.Resolve(dir), Cifar10.ArchiveName);
                        throw new DatasetNotFoundException(File.Exists(archive)
                            ? $"CIFAR-10 is not extracted yet: {archive} is there but {Cifar10.FolderName}/ is not. Run `nbkit data fetch cifar10` to check and extract it."
                            : $"CIFAR-10 was not found. {Cifar10.HowToGet(dir)}");
                    }

                    return (folder, Cifar10.LoadFrom(folder));
                }),
            };
            Console.WriteLine(info.ToJsonString(CliJson.Output));
            return 0;
        }));
        return command;
    }

    /// <summary>A dataset's entry: its facts, or the reason it cannot be loaded (a missing or broken dataset is data here, not a failure).</summary>
    private static JsonObject Describe(Func<(string Folder, TrainTestSplit Data)> load)
    {
        try
        {
            var (folder, data) = load();
            return Facts(folder, data);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new JsonObject { ["error"] = e.Message };
        }
    }

    internal static JsonObject Facts(string folder, TrainTestSplit data) => new()
    {
        ["train"] = data.Train.Count,
        ["test"] = data.Test.Count,
        ["shape"] = new JsonArray(data.Train.Channels, data.Train.Height, data.Train.Width),
        ["classes"] = new JsonArray([.. data.Train.ClassNames.Select(n => (JsonNode)JsonValue.Create(n))]),
        ["source"] = folder,
    };
}
