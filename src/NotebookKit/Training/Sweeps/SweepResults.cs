using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Training.Sweeps;

/// <summary>
/// A sweep's points gathered from one or more output folders (<c>nbkit sweep merge</c>): which finished, failed or are
/// missing, every finished point's numbers, and each setting's mean and standard deviation over seeds.
/// </summary>
public sealed class SweepResults
{
    /// <summary>The key path whose values are seeds: the summary averages over it.</summary>
    public const string SeedKey = "seed";

    private SweepResults(SweepPlan plan, IReadOnlyList<string> folders, IReadOnlyList<SweepPointOutcome> points, IReadOnlyList<string> problems)
    {
        Plan = plan;
        Folders = folders;
        Points = points;
        Problems = problems;
        Rows = Summarize(points);
    }

    /// <summary>The sweep's plan (the same in every folder).</summary>
    public SweepPlan Plan { get; }

    /// <summary>The folders gathered, full paths, in the order given.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Every point of the plan, in plan order.</summary>
    public IReadOnlyList<SweepPointOutcome> Points { get; }

    /// <summary>Point folders that could not be read (damaged or foreign files), each with why; their points count as missing.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>One row per setting (overrides other than <c>seed</c>), in plan order.</summary>
    public IReadOnlyList<SweepSummaryRow> Rows { get; }

    /// <summary>The ids of points no folder has finished or failed.</summary>
    public IReadOnlyList<string> Missing => [.. Points.Where(p => p.Status == SweepPointStatus.Missing).Select(p => p.Point.Id)];

    /// <summary>The points that failed (and finished nowhere), with their errors.</summary>
    public IReadOnlyList<SweepPointFailure> Failed => [.. Points.Where(p => p.Status == SweepPointStatus.Failed).Select(p => new SweepPointFailure(p.Point.Id, p.Error ?? "failed"))];

    /// <summary>How many points finished.</summary>
    public int FinishedCount => Points.Count(p => p.Status == SweepPointStatus.Finished);

    /// <summary>Every point finished.</summary>
    public bool Complete => FinishedCount == Points.Count;

    /// <summary>
    /// Gathers the points of the sweep recorded in <paramref name="folders"/> (the <c>--out</c> folders of its shards,
    /// or one folder they shared). A point finished in any folder counts as finished; failed only if it finished nowhere.
    /// </summary>
    /// <exception cref="ArgumentException">No folder given.</exception>
    /// <exception cref="FileNotFoundException">A folder is not a sweep output folder.</exception>
    /// <exception cref="InvalidOperationException">The folders hold different sweeps.</exception>
    public static SweepResults Gather(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var sweepFolders = folders.Select(f => new SweepFolder(f)).ToList();
        if (sweepFolders.Count == 0)
        {
            throw new ArgumentException("Give at least one sweep output folder to merge.", nameof(folders));
        }

        foreach (var f in sweepFolders.Where(f => !Directory.Exists(f.Path)))
        {
            throw new DirectoryNotFoundException($"{f.Path}: folder not found.");
        }

        var plan = sweepFolders[0].ReadPlan();
        foreach (var other in sweepFolders.Skip(1))
        {
            var otherPlan = other.ReadPlan();
            if (!otherPlan.Points.Select(p => p.Id).SequenceEqual(plan.Points.Select(p => p.Id), StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"{other.Path} holds another sweep than {sweepFolders[0].Path} ({otherPlan.Spec.Name}, {otherPlan.Points.Count} points vs {plan.Spec.Name}, {plan.Points.Count} points); merge the folders of one sweep.");
            }
        }

        var problems = new List<string>();
        var outcomes = plan.Points.Select(point => Find(point, sweepFolders, problems)).ToList();
        return new SweepResults(plan, [.. sweepFolders.Select(f => f.Path)], outcomes, problems);
    }

    /// <summary>
    /// <c>sweep.json</c>: <c>name</c>, <c>folders</c>, <c>keys</c> (the swept key paths), counts, <c>missing</c> (ids),
    /// <c>failed</c> (ids and errors), <c>problems</c>, <c>summary</c> (per setting: mean, sd and n of test accuracy, test
    /// loss and train loss) and <c>points</c> (each point's overrides, status, final numbers and per-epoch history).
    /// </summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Plan.Spec.Name,
        ["folders"] = Strings(Folders),
        ["keys"] = Strings(Plan.KeyPaths),
        ["points_total"] = Points.Count,
        ["finished"] = FinishedCount,
        ["missing"] = Strings(Missing),
        ["failed"] = new JsonArray([.. Failed.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["error"] = f.Error })]),
        ["problems"] = Strings(Problems),
        ["summary"] = new JsonArray([.. Rows.Select(r => (JsonNode)r.ToJson())]),
        ["points"] = new JsonArray([.. Points.Select(p => (JsonNode)p.ToJson())]),
    };

    /// <summary>The report page's contents: counts, missing and failed points, the summary table, heatmaps, every point.</summary>
    public IReadOnlyList<Display.IHtmlDisplayable> ReportItems() => SweepReport.Items(this);

    /// <summary>The error recorded for a failed point, or a note that its record cannot be read.</summary>
    internal static string ReadError(SweepFolder folder, string id)
    {
        string path = Path.Combine(folder.PointPath(id), SweepFolder.ErrorFileName);
        try
        {
            return SpecReader.Of(SpecJson.Load(path), "", "{\"error\": \"...\"}").String("error");
        }
        catch (Exception e) when (e is SpecException or IOException)
        {
            return $"failed; its {SweepFolder.ErrorFileName} cannot be read ({e.Message})";
        }
    }

    private static SweepPointOutcome Find(SweepPoint point, IReadOnlyList<SweepFolder> folders, List<string> problems)
    {
        SweepPointOutcome? failed = null;
        foreach (var folder in folders)
        {
            switch (folder.StatusOf(point.Id))
            {
                case SweepPointStatus.Finished:
                    try
                    {
                        return ReadFinished(point, folder.PointPath(point.Id));
                    }
                    catch (Exception e) when (e is SpecException or IOException)
                    {
                        problems.Add($"{folder.PointPath(point.Id)}: {e.Message}");
                    }

                    break;
                case SweepPointStatus.Failed:
                    failed ??= new SweepPointOutcome(point, SweepPointStatus.Failed, folder.PointPath(point.Id), double.NaN, double.NaN, double.NaN, [], ReadError(folder, point.Id));
                    break;
            }
        }

        return failed ?? new SweepPointOutcome(point, SweepPointStatus.Missing, null, double.NaN, double.NaN, double.NaN, [], null);
    }

    private static SweepPointOutcome ReadFinished(SweepPoint point, string folder)
    {
        string path = Path.Combine(folder, SweepFolder.ResultsFileName);
        var r = SpecReader.Of(SpecJson.Load(path), "", "{\"test_accuracy\": ..., \"history\": [...]}");
        string id = r.Object("sweep", "{\"id\": \"...\"}").String("id");
        if (id != point.Id)
        {
            throw r.Error("sweep.id", $"is \"{id}\" but the folder is point \"{point.Id}\"; the folder was renamed or copied by hand");
        }

        var history = r.List("history", "a list of epochs");
        var epochs = history.Select((_, i) =>
        {
            var e = r.Item("history", history, i, "{\"epoch\": 1, \"lr\": 0.1, ...}");
            return new SweepEpoch(
                (int)e.Integer("epoch"),
                e.Number("lr"),
                e.Number("train_loss"),
                e.Number("train_accuracy"),
                e.OptionalNumber("test_loss") ?? double.NaN,
                e.OptionalNumber("test_accuracy") ?? double.NaN);
        }).ToList();
        return new SweepPointOutcome(point, SweepPointStatus.Finished, folder, r.Number("test_accuracy"), r.Number("test_loss"), r.Number("seconds"), epochs, null);
    }

    private static List<SweepSummaryRow> Summarize(IReadOnlyList<SweepPointOutcome> points)
    {
        var rows = new List<SweepSummaryRow>();
        foreach (var group in points.GroupBy(p => SettingKey(p.Point), StringComparer.Ordinal))
        {
            var finished = group.Where(p => p.Status == SweepPointStatus.Finished).ToList();
            rows.Add(new SweepSummaryRow(
                [.. group.First().Point.Overrides.Where(o => o.KeyPath != SeedKey)],
                [.. group.Select(p => p.Point.Id)],
                SweepStatistic.Of(finished.Select(p => p.TestAccuracy)),
                SweepStatistic.Of(finished.Select(p => p.TestLoss)),
                SweepStatistic.Of(finished.Select(p => p.TrainLoss))));
        }

        return rows;
    }

    private static string SettingKey(SweepPoint point) =>
        string.Join('\n', point.Overrides.Where(o => o.KeyPath != SeedKey).OrderBy(o => o.KeyPath, StringComparer.Ordinal).Select(o => $"{o.KeyPath}={CanonicalJson.Write(o.Value)}"));

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
