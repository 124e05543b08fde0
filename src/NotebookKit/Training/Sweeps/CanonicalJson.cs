using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Training.Sweeps;

/// <summary>
/// One text for one JSON value, however it was written: object keys in ordinal order, no white space, numbers in
/// shortest round-trip form (<c>0.10</c>, <c>1e-1</c> and <c>0.1</c> are all <c>0.1</c>; <c>2.0</c> is <c>2</c>).
/// Point ids hash it, so a config written differently but meaning the same gets the same id.
/// </summary>
internal static class CanonicalJson
{
    /// <summary>The canonical text of <paramref name="node"/>.</summary>
    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    /// <summary>The first <paramref name="hexDigits"/> hex digits of the SHA-256 of the canonical text.</summary>
    public static string Hash(JsonNode? node, int hexDigits = 8) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Write(node))))[..hexDigits].ToLowerInvariant();

    /// <summary>A value as a point id or a table shows it: strings without quotes, anything else as <see cref="Write"/>.</summary>
    public static string Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : Write(node);

    /// <summary>Whether <paramref name="node"/> is a JSON number.</summary>
    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    /// <summary>A JSON number as a double (callers check <see cref="IsNumber"/> first).</summary>
    public static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject o:
                text.Append('{');
                bool first = true;
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : ",").Append(JsonSerializer.Serialize(key)).Append(':');
                    Append(text, value);
                    first = false;
                }

                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Append(text, a[i]);
                }

                text.Append(']');
                break;
            default:
                text.Append(node.GetValueKind() == JsonValueKind.Number ? NumberText(node.ToJsonString()) : node.ToJsonString());
                break;
        }
    }

    private static string NumberText(string raw)
    {
        // Integer literals stay exact (a seed may exceed 2^53); anything with a fraction or exponent goes through double.
        if (!raw.Contains('.', StringComparison.Ordinal) && !raw.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return raw == "-0" ? "0" : raw;
        }

        double value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return value == 0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();
    }
}
