using System.CommandLine;
using System.Globalization;
using NotebookKit.Training;
using NotebookKit.Training.Sweeps;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit sweep SWEEP.json --out DIR [--shard i/n | --shards n]</c>: run one shard of a sweep (docs/sweeps.md); skips
/// points already finished in DIR, so a killed shard started again resumes.
/// </summary>
internal sealed class SweepCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["sweep"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("sweep") { Description = "Sweep file: {\"base\": <nbkit train config>, \"grid\": {\"optimizer.lr\": [...], \"seed\": [0, 1, 2]}, \"points\": [...]}." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Output folder, shared by every shard of the sweep (default: artifacts/sweep/<sweep name>). One folder per point, named by its id." };
        var shard = new Option<string?>("--shard") { Description = "Run shard i of n (0 <= i < n): the points whose index k has k mod n = i. Default: from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, else the whole sweep." };
        var shards = new Option<int?>("--shards") { Description = "Split the sweep into n shards and take this process's index from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (Kubernetes indexed Job)." };
        var retry = new Option<bool>("--retry-failed") { Description = "Run points recorded as failed (error.json) again; by default they are skipped like finished ones." };
        var command = new Command("sweep", "Run a sweep (or one shard of it) of nbkit train experiments; each point writes DIR/<id>/results.json and report.html; finished points are skipped. Last line is JSON.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(shard);
        command.Options.Add(shards);
        command.Options.Add(retry);
        command.SetAction((parse, cancellationToken) => CliApp.GuardAsync(async () =>
        {
            var sweepFile = parse.GetValue(file)!;
            if (!sweepFile.Exists)
            {
                throw new IOException($"{sweepFile.FullName}: file not found.");
            }

            // Every point's config is validated here, before any training starts.
            var plan = SweepSpec.Load(sweepFile.FullName).Plan();
            var which = SweepShard.Resolve(parse.GetValue(shard), parse.GetValue(shards), Environment.GetEnvironmentVariable);
            var folder = new SweepFolder((parse.GetValue(output) ?? new DirectoryInfo(System.IO.Path.Combine("artifacts", "sweep", plan.Spec.Name))).FullName);
            var options = new SweepRunOptions(parse.GetValue(retry));
            var mine = plan.PointsOf(which);
            await Console.Error.WriteLineAsync($"sweep {plan.Spec.Name}: {plan.Points.Count} points; shard {which} runs {mine.Count} of them into {folder.Path}").ConfigureAwait(false);

            // Slurm (scancel, pre-emption, time limit) and Kubernetes (eviction) stop a task with SIGTERM, then SIGKILL after a
            // grace period; a user presses Ctrl-C (SIGINT). CliApp's StopSignals turn either into this token: stop between
            // batches, print the shard's JSON line, and leave the point being trained missing.
            var result = await Task.Run(() => TrainCommand.WithProgress($"sweep {plan.Spec.Name} shard {which}", (update, report) =>
                SweepRunner.Run(plan, folder, which, options, new TrainCommand.SyncProgress<SweepProgress>(p => Show(p, update, report)), TrainCommand.Downloads, cancellationToken)),
                CancellationToken.None).ConfigureAwait(false);

            await Console.Error.WriteLineAsync(Summary(result)).ConfigureAwait(false);
            Console.WriteLine(result.ToJson().ToJsonString());
            return result.Cancelled ? 130 : result.Failed.Count > 0 ? 1 : 0;
        }));
        return command;
    }

    private static void Show(SweepProgress p, Action<double, string> update, Action<string> report)
    {
        string at = $"[{p.Position}/{p.Count}] {p.Point.Id}";
        switch (p.State)
        {
            case SweepPointState.Training when p.Training is { } t:
                update(p.Fraction, $"{at} epoch {t.Epoch}/{t.Epochs} loss {t.Loss:F4}");
                if (t.EpochRecord is { } e)
                {
                    report(string.Create(CultureInfo.InvariantCulture, $"{at} epoch {e.Epoch}/{t.Epochs}: train_loss {e.TrainLoss:F4} test_accuracy {e.TestAccuracy:F4} ({e.Seconds:F1} s)"));
                }

                break;
            case SweepPointState.Starting:
                update(p.Fraction, at);
                report($"{at}: {p.Point.Label}");
                break;
            case SweepPointState.Finished:
                report($"{at}: finished");
                break;
            case SweepPointState.Skipped:
                report($"{at}: skipped, already done in the output folder");
                break;
            case SweepPointState.Busy:
                report($"{at}: left to the process that holds its lock");
                break;
            case SweepPointState.Failed:
                report($"{at}: failed: {p.Message}");
                break;
        }
    }

    private static string Summary(SweepShardResult r) =>
        $"shard {r.Shard}: {r.Points.Count} points, {r.Ran.Count} ran, {r.Skipped.Count} skipped, {r.Failed.Count} failed, {r.Busy.Count} busy" +
        (r.Cancelled ? "; cancelled (start the same command again to resume)" : "");
}
