using System.Text.Json.Nodes;

namespace NotebookKit.Tests.Optim;

/// <summary>Loads the PyTorch 1.13.1 optimizer fixtures written by Fixtures/make_optim_fixtures.py.</summary>
internal static class GoldenFixtures
{
    private static readonly Lazy<JsonObject> Trajectories = new(() => Load("optim_trajectories.json"));
    private static readonly Lazy<JsonObject> Errors = new(() => Load("optim_errors.json"));

    /// <summary>Relative tolerance of the float32 trajectories (brief: 2e-5), plus a small absolute floor near zero.</summary>
    public const double RelativeTolerance = 2e-5;
    public const double AbsoluteTolerance = 1e-6;

    public static IEnumerable<object[]> CaseNames() =>
        Trajectories.Value["cases"]!.AsArray().Select(c => new object[] { c!["name"]!.GetValue<string>() });

    public static JsonObject Case(string name) =>
        Trajectories.Value["cases"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();

    public static IEnumerable<object[]> ErrorCases() =>
        Errors.Value["cases"]!.AsArray().Select((c, i) => new object[] { i });

    public static JsonObject Error(int index) => Errors.Value["cases"]![index]!.AsObject();

    /// <summary>All numbers of a (nested) JSON list, in row-major order.</summary>
    public static float[] Flat(JsonNode? node) => node switch
    {
        JsonArray a => a.SelectMany(Flat).ToArray(),
        JsonValue v => [(float)v.GetValue<double>()],
        _ => throw new InvalidDataException("fixture tensor contains null"),
    };

    public static void AssertClose(float expected, float actual, string where)
    {
        double diff = Math.Abs((double)expected - actual);
        Assert.True(
            diff <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(expected)),
            $"{where}: expected {expected:R} (PyTorch), got {actual:R}, relative error {diff / Math.Max(Math.Abs(expected), 1e-30):E2}");
    }

    private static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)))!.AsObject();
}
