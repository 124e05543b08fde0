using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>JSON helpers for scheduler states.</summary>
internal static class ScheduleJson
{
    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static double[] Doubles(JsonObject state, string key) =>
        (state[key] as JsonArray ?? throw new ArgumentException($"scheduler state lacks '{key}'.", nameof(state)))
        .Select(n => n?.GetValue<double>() ?? throw new ArgumentException($"scheduler state '{key}' holds a null.", nameof(state))).ToArray();

    public static long Long(JsonObject state, string key) =>
        state[key]?.GetValue<long>() ?? throw new ArgumentException($"scheduler state lacks '{key}'.", nameof(state));

    public static double Double(JsonObject state, string key) =>
        state[key]?.GetValue<double>() ?? throw new ArgumentException($"scheduler state lacks '{key}'.", nameof(state));
}
