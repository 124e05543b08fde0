using System.Text;
using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>
/// Point ids: readable and stable. <c>lr-0.01_weight_decay-0.0005_seed-0_3f9a1c2e</c> is each override as
/// <c>name-value</c> in key-path order, then the first 8 hex digits of the SHA-256 of the point's whole config.
/// </summary>
/// <remarks>
/// The hash covers every config key with its effective value (<see cref="TrainingConfig.ToJson"/>, defaults filled in,
/// numbers and key order canonical), except <c>data_dir</c>: where the data lives does not change the experiment, so a
/// sweep moved to another cluster keeps its ids and finished points. Change anything else in the base and every id
/// changes, so results of a different experiment are never taken for this one. Ids use only letters, digits and
/// <c>. + - _</c>, and stay under 140 characters.
/// </remarks>
public static class SweepPointId
{
    private const int MaxValueLength = 24;
    private const int MaxReadableLength = 120;

    /// <summary>The id of the point with <paramref name="config"/>, reached through <paramref name="overrides"/>.</summary>
    public static string For(TrainingConfig config, IReadOnlyList<SweepOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        JsonObject identity = config.ToJson();
        identity.Remove("data_dir");
        string hash = CanonicalJson.Hash(identity);
        var readable = new StringBuilder();
        foreach (var o in overrides.OrderBy(o => o.KeyPath, StringComparer.Ordinal))
        {
            string pair = $"{Clean(o.Name)}-{Clean(Text(o.Value))}";
            if (readable.Length + pair.Length + 1 > MaxReadableLength)
            {
                break;
            }

            readable.Append(pair).Append('_');
        }

        return readable.Length == 0 ? $"base_{hash}" : $"{readable}{hash}";
    }

    /// <summary>Whether <paramref name="text"/> could be a point id (so a folder name can be checked before it is used as one).</summary>
    public static bool IsWellFormed(string text) =>
        !string.IsNullOrEmpty(text) && text.Length <= 140 && text[0] != '.' && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' or '_');

    /// <summary>A value for an id: a scheduler or optimizer object by its <c>type</c>, a list by its items.</summary>
    private static string Text(JsonNode? value) => value switch
    {
        JsonObject o when o["type"] is JsonValue type => CanonicalJson.Text(type),
        JsonObject => "object",
        JsonArray a => string.Join(",", a.Select(Text)),
        _ => CanonicalJson.Text(value),
    };

    private static string Clean(string text)
    {
        var clean = new StringBuilder();
        foreach (char c in text)
        {
            char keep = char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' or '_' ? c : '-';
            if (!(keep == '-' && clean.Length > 0 && clean[^1] == '-' && c != '-'))
            {
                clean.Append(keep);
            }
        }

        string result = clean.ToString();
        return result.Length <= MaxValueLength ? result : result[..MaxValueLength];
    }
}
