using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Tests.Plotting;

/// <summary>
/// Canonical-JSON snapshots under tests/NotebookKit.Tests/Plotting/Snapshots/ (keys sorted, numbers rounded to
/// 6 significant digits). To accept a change: <c>NBKIT_UPDATE_SNAPSHOTS=1 dotnet test ... --filter ...Plotting</c>,
/// then review <c>git diff</c>.
/// </summary>
public static class JsonSnapshot
{
    public const string UpdateVariable = "NBKIT_UPDATE_SNAPSHOTS";

    public static string SnapshotFolder => Path.Combine(RepoRoot(), "tests", "NotebookKit.Tests", "Plotting", "Snapshots");

    public static void Match(string name, string json)
    {
        string canonical = Canonicalize(json);
        string path = Path.Combine(SnapshotFolder, name + ".json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(SnapshotFolder);
            File.WriteAllText(path, canonical);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot {path}. Create it with {UpdateVariable}=1 and review it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != canonical)
        {
            string[] e = expected.Split('\n');
            string[] a = canonical.Split('\n');
            int line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line])
            {
                line++;
            }

            Assert.Fail(
                $"Figure JSON differs from snapshot {name}.json at line {line + 1}:\n" +
                $"  expected: {(line < e.Length ? e[line].Trim() : "<end>")}\n" +
                $"  actual:   {(line < a.Length ? a[line].Trim() : "<end>")}\n" +
                $"If the change is intended, rerun with {UpdateVariable}=1 and review git diff.");
        }
    }

    public static string Canonicalize(string json)
    {
        JsonNode? node = JsonNode.Parse(json);
        return Normalize(node)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Normalize)]),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(Round(v.GetValue<double>())),
        _ => node.DeepClone(),
    };

    private static double Round(double value)
    {
        double r = double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return r == 0 ? 0 : r; // no "-0"
    }

    public static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "NotebookKit.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"NotebookKit.sln not found above {AppContext.BaseDirectory}.");
    }
}
