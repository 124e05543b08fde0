using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Files;
using NotebookKit.Plotting;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit lr-find CONFIG.json [--out DIR]</c>: the learning-rate range test (fastai <c>lr_find</c>) on a training config.</summary>
internal sealed class LrFindCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["lr-find"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("config") { Description = "A train config, plus start_lr (1e-7), end_lr (10), num_iter (100), beta (0.98), stop_div (true)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder for lr-find.json and lr-find.html (default: artifacts/lr-find/<config name>)." };
        var command = new Command("lr-find", "Run the learning-rate range test; write DIR/lr-find.json and DIR/lr-find.html; print the suggestions as JSON last.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) => CliApp.GuardAsync(() => Task.FromResult(Run(parseResult.GetValue(file)!, parseResult.GetValue(output), cancellationToken))));
        return command;
    }

    private static int Run(FileInfo file, DirectoryInfo? output, CancellationToken cancellationToken)
    {
        var (config, outDir) = TrainCommand.Load(file, output, "lr-find");
        var experiment = TrainCommand.Prepare(config);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lr-find: {config.NumIter} iterations from lr {config.StartLr:G3} to {config.EndLr:G3} on {experiment.Data.Train.Count} training images"));
        int done = 0;
        var result = TrainCommand.Stoppable(outDir, () => $"after {done} of {config.NumIter} iterations", () =>
            TrainCommand.WithProgress("lr-find", (update, _) =>
                experiment.FindLearningRate(
                    new TrainCommand.SyncProgress<(int Iteration, int NumIter)>(p =>
                    {
                        done = p.Iteration;
                        update((double)p.Iteration / p.NumIter, $"iteration {p.Iteration}/{p.NumIter}");
                    }),
                    cancellationToken)));

        JsonObject json = result.ToJson();
        json["config"] = config.ToJson();
        json["data_source"] = experiment.Data.Train.Source;
        outDir.Commit(folder =>
        {
            AtomicFile.WriteAllText(System.IO.Path.Combine(folder, "lr-find.json"), json.ToJsonString(TrainCommand.Indented));
            OfflinePage.Save(System.IO.Path.Combine(folder, "lr-find.html"), $"nbkit lr-find: {config.Model} on {config.Dataset}", [result.Plot(), result]);
        });
        Console.Error.WriteLine(result.ToString());
        Console.WriteLine(result.SuggestionsToJson().ToJsonString());
        return 0;
    }
}
