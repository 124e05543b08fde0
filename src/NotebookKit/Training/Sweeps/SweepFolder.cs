using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Files;
using NotebookKit.Specs;

namespace NotebookKit.Training.Sweeps;

/// <summary>
/// A sweep's output folder: <c>sweep-plan.json</c>, and one folder per point named by its id holding either
/// <c>results.json</c> + <c>report.html</c> (finished) or <c>error.json</c> (failed).
/// </summary>
/// <remarks>
/// A point's folder appears in one rename (<see cref="AtomicFile.WriteDirectory"/>), so its files always belong to the
/// same run, and a shard killed mid-point leaves no folder: the point is simply missing and the next run does it.
/// Names starting with a dot are bookkeeping: <c>.locks/ID.lock</c> (held while a process runs the point, released by
/// the operating system when it dies) and the temporary folders of points being written.
/// </remarks>
public sealed class SweepFolder
{
    /// <summary>The plan file every shard writes (the same content) and the merge reads.</summary>
    public const string PlanFileName = "sweep-plan.json";

    /// <summary>A finished point's results (the <c>nbkit train</c> results object plus a <c>sweep</c> block).</summary>
    public const string ResultsFileName = "results.json";

    /// <summary>A finished point's report page.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>A failed point's error record.</summary>
    public const string ErrorFileName = "error.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Opens (without creating) the sweep folder at <paramref name="path"/>.</summary>
    public SweepFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The plan file's path.</summary>
    public string PlanPath => System.IO.Path.Combine(Path, PlanFileName);

    /// <summary>The folder of point <paramref name="id"/>.</summary>
    public string PointPath(string id) => System.IO.Path.Combine(Path, id);

    /// <summary>What the folder holds for point <paramref name="id"/>.</summary>
    public SweepPointStatus StatusOf(string id)
    {
        string folder = PointPath(id);
        return File.Exists(System.IO.Path.Combine(folder, ResultsFileName)) ? SweepPointStatus.Finished
            : File.Exists(System.IO.Path.Combine(folder, ErrorFileName)) ? SweepPointStatus.Failed
            : SweepPointStatus.Missing;
    }

    /// <summary>
    /// Records <paramref name="plan"/> in the folder (creating it), or checks that the plan already there is the same sweep.
    /// </summary>
    /// <exception cref="InvalidOperationException">The folder holds another sweep's plan.</exception>
    public void WritePlan(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Directory.CreateDirectory(Path);
        string text = plan.ToJson().ToJsonString(Indented);
        if (File.Exists(PlanPath))
        {
            var existing = ReadPlan();
            if (!existing.Points.Select(p => p.Id).SequenceEqual(plan.Points.Select(p => p.Id), StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{Path} already holds another sweep ({existing.Spec.Name}, {existing.Points.Count} points; this one is {plan.Spec.Name}, {plan.Points.Count} points). " +
                    $"Give another --out folder, or delete {PlanFileName} there to extend that sweep: points with the same id are kept.");
            }

            return;
        }

        // Shards starting together write identical text; each rename is atomic, so the last one wins harmlessly.
        AtomicFile.WriteAllText(PlanPath, text);
    }

    /// <summary>Reads the plan recorded in the folder.</summary>
    /// <exception cref="FileNotFoundException">The folder has no plan: it is not a sweep's output folder.</exception>
    /// <exception cref="SpecException">The plan is damaged.</exception>
    public SweepPlan ReadPlan()
    {
        if (!File.Exists(PlanPath))
        {
            throw new FileNotFoundException($"{Path}: not a sweep output folder (no {PlanFileName}); give the --out folder of `nbkit sweep`.", PlanPath);
        }

        return SpecJson.Load(PlanPath) is JsonObject json
            ? SweepPlan.FromJson(json, PlanPath)
            : throw new SpecException(PlanPath, "a sweep plan is a JSON object");
    }

    /// <summary>
    /// Takes the lock of point <paramref name="id"/> for this process, or returns null when another process holds it.
    /// Dispose the result to release it; the operating system releases it if the process dies.
    /// </summary>
    public IDisposable? TryLock(string id)
    {
        string locks = System.IO.Path.Combine(Path, ".locks");
        Directory.CreateDirectory(locks);
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            return new FileStream(System.IO.Path.Combine(locks, id + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(System.IO.Path.Combine(locks, id + ".lock")))
        {
            return null;
        }
    }

    /// <summary>Deletes temporary folders a killed process left for point <paramref name="id"/> (call while holding its lock).</summary>
    public void RemoveLeftovers(string id)
    {
        foreach (string leftover in Directory.EnumerateDirectories(Path, $".{id}.*"))
        {
            AtomicFile.TryDeleteDirectory(leftover);
        }
    }

    /// <summary>Writes a finished point: results.json and report.html, both in one rename.</summary>
    public void WriteFinished(SweepPlan plan, SweepPoint point, ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(result);
        JsonObject json = result.ToJson();
        json["sweep"] = SweepBlock(plan, point);
        AtomicFile.WriteDirectory(PointPath(point.Id), folder =>
        {
            File.WriteAllText(System.IO.Path.Combine(folder, ResultsFileName), json.ToJsonString(Indented));
            Plotting.OfflinePage.Save(System.IO.Path.Combine(folder, ReportFileName), $"{plan.Spec.Name}: {point.Label}", result.ReportItems());
        });
    }

    /// <summary>Writes a failed point's error record (replacing an earlier one).</summary>
    public void WriteFailed(SweepPlan plan, SweepPoint point, string error)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(error);
        var json = new JsonObject
        {
            ["error"] = error,
            ["config"] = point.Config.ToJson(),
            ["sweep"] = SweepBlock(plan, point),
        };
        AtomicFile.WriteDirectory(PointPath(point.Id), folder =>
            File.WriteAllText(System.IO.Path.Combine(folder, ErrorFileName), json.ToJsonString(Indented)));
    }

    private static JsonObject SweepBlock(SweepPlan plan, SweepPoint point) => new()
    {
        ["name"] = plan.Spec.Name,
        ["id"] = point.Id,
        ["index"] = point.Index,
        ["overrides"] = point.OverridesJson(),
    };
}
