using System.CommandLine;
using System.Globalization;
using NotebookKit.Training.Sweeps;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit sweep plan SWEEP.json [--shards n] [--no-measure]</c>: list a sweep's points with their work and an estimate
/// of their seconds on this machine, so a user can size the array (docs/sweeps.md).
/// </summary>
internal sealed class SweepPlanCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["sweep", "plan"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("sweep") { Description = "Sweep file." };
        var shards = new Option<int?>("--shards") { Description = "Also show how the points split over n shards and the slowest shard's estimated seconds." };
        var noMeasure = new Option<bool>("--no-measure") { Description = "Only count images and steps; do not time steps on this machine." };
        var command = new Command("plan", "List a sweep's points (ids, overrides, steps) and estimate their seconds on this machine; last line is JSON.");
        command.Arguments.Add(file);
        command.Options.Add(shards);
        command.Options.Add(noMeasure);
        command.SetAction((parse, cancellationToken) => CliApp.GuardAsync(async () =>
        {
            var sweepFile = parse.GetValue(file)!;
            if (!sweepFile.Exists)
            {
                throw new IOException($"{sweepFile.FullName}: file not found.");
            }

            int? n = parse.GetValue(shards);
            if (n is < 1)
            {
                throw new ArgumentException($"--shards must be at least 1, got {n}.");
            }

            var plan = SweepSpec.Load(sweepFile.FullName).Plan();
            bool measure = !parse.GetValue(noMeasure);
            var estimate = await Task.Run(() => SweepCost.Estimate(plan, measure, new TrainCommand.SyncProgress<string>(line => Console.Error.WriteLine(line)), cancellationToken), cancellationToken).ConfigureAwait(false);

            Console.WriteLine($"{"index",5}  {"steps",9}  {"seconds",9}  id");
            for (int i = 0; i < plan.Points.Count; i++)
            {
                var cost = estimate.Points[i];
                string seconds = cost.Seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "-";
                Console.WriteLine($"{i,5}  {cost.Steps,9}  {seconds,9}  {cost.Id}");
            }

            string time = estimate.TotalSeconds is { } total ? $", about {Duration(total)} in one process on this machine ({Environment.ProcessorCount} cores; data loading not counted)" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{plan.Points.Count} points, {estimate.TotalSteps:N0} optimizer steps{time}"));
            if (n is { } count)
            {
                int most = Enumerable.Range(0, count).Max(i => plan.PointsOf(new SweepShard(i, count)).Count);
                string wall = estimate.ShardSeconds(count) is { } perShard ? $", about {Duration(perShard.Max())} for the slowest shard when all run at once" : "";
                Console.WriteLine($"{count} shards: up to {most} points each{wall}");
            }

            Console.WriteLine(estimate.ToJson(n).ToJsonString());
            return 0;
        }));
        return command;
    }

    private static string Duration(double seconds) =>
        seconds < 120 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s")
        : seconds < 7200 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h");
}
