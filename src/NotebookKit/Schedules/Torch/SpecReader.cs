using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Schedules.Torch;

/// <summary>Reads one spec object, naming the spec key in every error, and refuses keys it did not read.</summary>
internal sealed class SpecReader
{
    private readonly JsonObject spec;
    private readonly HashSet<string> read = ["type", "name"];

    public SpecReader(JsonObject spec, string type)
    {
        this.spec = spec;
        Type = type;
    }

    public string Type { get; }

    public bool Has(string key) => spec[key] is not null;

    public JsonNode? Raw(string key)
    {
        read.Add(key);
        return spec[key];
    }

    public double Number(string key, double? fallback = null)
    {
        var node = Raw(key);
        if (node is null)
        {
            return fallback ?? throw Missing(key);
        }

        return AsNumber(node, key);
    }

    public double? OptionalNumber(string key) => Raw(key) is { } n ? AsNumber(n, key) : null;

    public long Integer(string key, long? fallback = null)
    {
        var node = Raw(key);
        if (node is null)
        {
            return fallback ?? throw Missing(key);
        }

        return AsInteger(node, key);
    }

    public long? OptionalInteger(string key) => Raw(key) is { } n ? AsInteger(n, key) : null;

    public bool Bool(string key, bool fallback)
    {
        var node = Raw(key);
        if (node is null)
        {
            return fallback;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(key, "must be true or false"),
        };
    }

    public string String(string key, string fallback)
    {
        var node = Raw(key);
        if (node is null)
        {
            return fallback;
        }

        return node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw Bad(key, "must be a string");
    }

    /// <summary>A number (broadcast to every group) or a list of numbers.</summary>
    public IReadOnlyList<double> NumberOrList(string key, double? fallback = null)
    {
        var node = Raw(key);
        if (node is null)
        {
            return [fallback ?? throw Missing(key)];
        }

        if (node is JsonArray a)
        {
            return a.Select(n => n is null ? throw Bad(key, "must not contain null") : AsNumber(n, key)).ToArray();
        }

        return [AsNumber(node, key)];
    }

    public IReadOnlyList<double> NumberOrList(string key, int groups, double? fallback = null)
    {
        var node = spec[key];
        var values = NumberOrList(key, fallback);
        if (node is JsonArray && values.Count != groups)
        {
            throw new ArgumentException($"{Type}: \"{key}\": expected {groups} values for {key}, got {values.Count}");
        }

        return values;
    }

    public IReadOnlyList<long> IntegerList(string key)
    {
        var node = Raw(key) ?? throw Missing(key);
        if (node is not JsonArray a)
        {
            throw Bad(key, "must be a list of integers");
        }

        return a.Select(n => n is null ? throw Bad(key, "must not contain null") : AsInteger(n, key)).ToArray();
    }

    public JsonArray List(string key) => Raw(key) as JsonArray ?? throw Bad(key, "must be a list");

    public void RejectUnknown()
    {
        foreach (var (key, _) in spec)
        {
            if (!read.Contains(key))
            {
                throw new ArgumentException($"{Type}: unknown argument \"{key}\" (arguments use PyTorch/Keras names).");
            }
        }
    }

    public ArgumentException Missing(string key) => new($"{Type}: missing required argument \"{key}\".");

    public ArgumentException Bad(string key, string rule) => new($"{Type}: \"{key}\" {rule}.");

    public static bool IsIntegerLiteral(JsonNode node)
    {
        string text = node.ToJsonString();
        return node.GetValueKind() == JsonValueKind.Number && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase);
    }

    private double AsNumber(JsonNode node, string key)
    {
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            throw Bad(key, $"must be a number, got {node.ToJsonString()}");
        }

        return node.GetValue<double>();
    }

    private long AsInteger(JsonNode node, string key)
    {
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            throw Bad(key, $"must be an integer, got {node.ToJsonString()}");
        }

        double d = node.GetValue<double>();
        if (!IsIntegerLiteral(node) || d != Math.Floor(d) || Math.Abs(d) > 9e15)
        {
            throw Bad(key, $"must be an integer, got {node.ToJsonString()}");
        }

        return (long)d;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Type} spec");
}
