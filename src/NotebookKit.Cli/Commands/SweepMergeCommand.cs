using System.CommandLine;
using System.Text.Json;
using NotebookKit.Files;
using NotebookKit.Plotting;
using NotebookKit.Training.Sweeps;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit sweep merge DIR... --out REPORT</c>: gather a sweep's points from its shards' folders into REPORT/report.html
/// and REPORT/sweep.json; report missing and failed points by id (docs/sweeps.md).
/// </summary>
internal sealed class SweepMergeCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public IReadOnlyList<string> Path { get; } = ["sweep", "merge"];

    public Command Create()
    {
        var folders = new Argument<DirectoryInfo[]>("folders") { Arity = ArgumentArity.OneOrMore, Description = "The --out folders of the sweep's shards (or the one folder they shared)." };
        var output = new Option<DirectoryInfo>("--out") { Required = true, Description = "Report folder: report.html (summary table, heatmaps, every point) and sweep.json (every point's numbers)." };
        var command = new Command("merge", "Merge a sweep's finished points into one report; list missing and failed points by id. Exit code 2 when some are missing or failed. Last line is JSON.");
        command.Arguments.Add(folders);
        command.Options.Add(output);
        command.SetAction(parse => CliApp.Guard(() =>
        {
            var results = SweepResults.Gather(parse.GetValue(folders)!.Select(f => f.FullName));
            var outDir = parse.GetValue(output)!;
            outDir.Create();
            string json = System.IO.Path.Combine(outDir.FullName, "sweep.json");
            string html = System.IO.Path.Combine(outDir.FullName, "report.html");
            AtomicFile.WriteAllText(json, results.ToJson().ToJsonString(Indented));
            OfflinePage.Save(html, $"nbkit sweep: {results.Plan.Spec.Name}", results.ReportItems());

            Console.Error.WriteLine($"{results.Plan.Spec.Name}: {results.Points.Count} points, {results.FinishedCount} finished, {results.Failed.Count} failed, {results.Missing.Count} missing");
            foreach (var f in results.Failed)
            {
                Console.Error.WriteLine($"failed: {f.Id}: {f.Error}");
            }

            foreach (string id in results.Missing)
            {
                Console.Error.WriteLine($"missing: {id}");
            }

            foreach (string problem in results.Problems)
            {
                Console.Error.WriteLine($"unreadable: {problem}");
            }

            Console.Error.WriteLine($"wrote {html} and {json}");
            var summary = new System.Text.Json.Nodes.JsonObject
            {
                ["report"] = html,
                ["sweep_json"] = json,
                ["points"] = results.Points.Count,
                ["finished"] = results.FinishedCount,
                ["missing"] = new System.Text.Json.Nodes.JsonArray([.. results.Missing.Select(id => (System.Text.Json.Nodes.JsonNode)id)]),
                ["failed"] = new System.Text.Json.Nodes.JsonArray([.. results.Failed.Select(f => (System.Text.Json.Nodes.JsonNode)f.Id)]),
            };
            Console.WriteLine(summary.ToJsonString());
            return results.Complete ? 0 : 2;
        }));
        return command;
    }
}
