using System.Text.Json.Nodes;

namespace NotebookKit.Tests.Nn;

/// <summary>Loads the PyTorch 1.13.1 golden JSON written by Fixtures/make_nn_fixtures.py.</summary>
internal static class NnFixtures
{
    private static readonly Lazy<JsonNode> LayerCasesJson = new(() => Load("nn_layers.json"));
    private static readonly Lazy<JsonNode> ModelCasesJson = new(() => Load("nn_models.json"));

    public static JsonNode LayerCases => LayerCasesJson.Value;

    public static JsonNode ModelCases => ModelCasesJson.Value;

    public static JsonNode Layer(string name) =>
        LayerCases["layers"]!.AsArray().First(n => (string)n!["name"]! == name)!;

    public static JsonNode Model(string name) =>
        ModelCases["models"]!.AsArray().First(n => (string)n!["name"]! == name)!;

    public static float[] Floats(JsonNode? node) => node!.AsArray().Select(v => (float)(double)v!).ToArray();

    public static int[] Ints(JsonNode? node) => node!.AsArray().Select(v => (int)v!).ToArray();

    /// <summary>Asserts |a − e| ≤ atol + rtol·|e| element-wise, naming the first mismatch.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double atol = 1e-5, double rtol = 1e-4)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            Assert.True(Math.Abs(a - e) <= atol + (rtol * Math.Abs(e)), $"{what}[{i}]: {a}, expected {e}");
        }
    }

    private static JsonNode Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)))!;
}
