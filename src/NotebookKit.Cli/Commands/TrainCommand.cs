using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Files;
using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit train CONFIG.json [--out DIR]</c>: train a model from a config; write results.json and report.html (docs/training.md).</summary>
internal sealed class TrainCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["train"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("config") { Description = "JSON config: dataset, model, optimizer, scheduler, epochs, batch_size, ... (see docs/training.md)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder for results.json and report.html (default: artifacts/train/<config name>)." };
        var command = new Command("train", "Train a model from a JSON config; write DIR/results.json and DIR/report.html; print the results as the last line.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) => CliApp.GuardAsync(() => Task.FromResult(Run(parseResult.GetValue(file)!, parseResult.GetValue(output), cancellationToken))));
        return command;
    }

    private static int Run(FileInfo file, DirectoryInfo? output, CancellationToken cancellationToken)
    {
        var (config, outDir) = Load(file, output, "train");
        var experiment = Prepare(config);
        TrainingProgress? last = null;
        var result = Stoppable(outDir, () => last is { } p ? $"at epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.Batches}" : "before the first batch", () =>
            WithProgress($"{config.Model} on {config.Dataset}", (update, report) =>
            {
                return experiment.Run(
                    new SyncProgress<TrainingProgress>(p =>
                    {
                        last = p;
                        double done = ((p.Epoch - 1) + ((double)p.Batch / p.Batches)) / p.Epochs;
                        update(done, $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}  lr {p.LearningRate:G3}");
                        if (p.EpochRecord is { } e)
                        {
                            report($"epoch {e.Epoch}/{p.Epochs}: train_loss {e.TrainLoss:F4} train_accuracy {e.TrainAccuracy:F4} test_loss {e.TestLoss:F4} test_accuracy {e.TestAccuracy:F4} lr {e.LearningRate:G4} ({e.Seconds:F1} s)");
                        }
                    }),
                    cancellationToken);
            }));

        JsonObject json = result.ToJson();
        json["data_source"] = experiment.Data.Train.Source;
        outDir.Commit(folder =>
        {
            AtomicFile.WriteAllText(System.IO.Path.Combine(folder, "results.json"), json.ToJsonString(Indented));
            Plotting.OfflinePage.Save(System.IO.Path.Combine(folder, "report.html"), $"nbkit train: {config.Model} on {config.Dataset}", result.ReportItems());
        });
        Console.Error.WriteLine($"wrote {System.IO.Path.Combine(outDir.Path, "results.json")} and report.html");
        Console.WriteLine(json.ToJsonString());
        return 0;
    }

    // Shared with LrFindCommand: config loading, data preparation, the stderr progress bar.

    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads the config and checks the output folder, before any work.</summary>
    internal static (TrainingConfig Config, OutputFolder Out) Load(FileInfo file, DirectoryInfo? output, string command)
    {
        if (!file.Exists)
        {
            throw new IOException(Directory.Exists(file.FullName) ? $"{file.FullName} is a folder, not a config file." : $"{file.FullName}: file not found.");
        }

        var config = TrainingConfig.Load(file.FullName);
        var outDir = output ?? new DirectoryInfo(System.IO.Path.Combine("artifacts", command, System.IO.Path.GetFileNameWithoutExtension(file.Name)));
        return (config, OutputFolder.Prepare(outDir));
    }

    /// <summary>
    /// Loads the dataset and builds the experiment, reporting download progress on stderr; refuses a batch_size whose
    /// training step cannot fit in memory before the first step.
    /// </summary>
    internal static Experiment Prepare(TrainingConfig config)
    {
        var experiment = Experiment.Prepare(config, Downloads);
        var train = experiment.Data.Train;
        int batch = Math.Min(config.BatchSize, Math.Max(1, train.Count));
        double perImage = MemoryBudget.BytesPerImage(
            () => Nn.Models.Models.Create(config.Model, train.Channels, train.Height, train.Width, train.ClassNames.Count, config.Seed),
            train.Channels, train.Height, train.Width, train.ClassNames.Count);
        MemoryBudget.Require(
            perImage * batch,
            $"config 'batch_size' {config.BatchSize} ({batch} images of the training split per step, {MemoryBudget.Size(perImage)} each for {config.Model})",
            $"use batch_size {(long)(MemoryBudget.Limit / perImage)} or less");
        return experiment;
    }

    /// <summary>
    /// Runs a command's long work; when it is stopped on request (SIGTERM, Ctrl-C) nothing is written: a partial run is
    /// never published into <paramref name="outDir"/>, which keeps the files of its last complete run.
    /// </summary>
    /// <param name="outDir">The output folder, named in the message.</param>
    /// <param name="where">Where the work stood, for the message (e.g. <c>at epoch 2/5, batch 100/469</c>).</param>
    /// <param name="work">The work, which honours the command's cancellation token.</param>
    internal static T Stoppable<T>(OutputFolder outDir, Func<string> where, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (OperationCanceledException e) when (e is not CommandStoppedException)
        {
            string kept = Directory.Exists(outDir.Path) ? "keeps the files of its last complete run" : "was not created";
            throw new CommandStoppedException($"stopped {where()}; a stopped run is not written, so --out {outDir.Path} {kept}.", e);
        }
    }

    /// <summary>Download progress as lines on stderr.</summary>
    internal static IProgress<Data.DownloadProgress> Downloads { get; } = new SyncProgress<Data.DownloadProgress>(p => Console.Error.WriteLine(p.ToString()));

    /// <summary>
    /// Runs <paramref name="work"/> with a Spectre.Console progress bar on stderr when it is a terminal, or plain
    /// per-epoch lines when it is redirected. The work gets <c>update(fraction, description)</c> and <c>report(line)</c>.
    /// </summary>
    internal static T WithProgress<T>(string title, Func<Action<double, string>, Action<string>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
        {
            return work((_, _) => { }, line => Console.Error.WriteLine(line));
        }

        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                result = work(
                    (fraction, description) =>
                    {
                        task.Value = Math.Clamp(fraction, 0, 1);
                        task.Description = Markup.Escape($"{title}: {description}");
                    },
                    line => console.MarkupLine(Markup.Escape(line)));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports synchronously, on the caller's thread (unlike <see cref="Progress{T}"/>).</summary>
    internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
