using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Specs;

/// <summary>
/// Typed reads from one JSON object of a spec or config, every error naming the key path and the rule (the one reader
/// behind <c>nbkit schedule trace</c>, <c>nbkit optim trace</c>, <c>nbkit train</c>, <c>nbkit lr-find</c> and the
/// optimizer, scheduler and training specs).
/// </summary>
/// <remarks>
/// <para>Required reads fail on a missing key and on <c>null</c> alike ("is required" / "must not be null"); optional
/// reads treat <c>null</c> as absent, as configs write <c>"data_dir": null</c>. Integers must be written as whole
/// numbers (<c>2</c> or <c>2.0</c>, not <c>2.5</c>). Every key read is remembered, so <see cref="RejectUnknown"/> can
/// name a misspelt one.</para>
/// <para>Objects built by <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> may hide a key
/// written twice until they are enumerated; the constructor enumerates and reports it. Text parsed with
/// <see cref="SpecJson.Parse"/> reports it with its full path first.</para>
/// </remarks>
public sealed class SpecReader
{
    private readonly JsonObject json;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    /// <summary>Starts reading <paramref name="json"/>, found at <paramref name="path"/>.</summary>
    /// <param name="json">The object.</param>
    /// <param name="path">Its key path (<c>""</c> for a document root, <c>"optimizer"</c>, <c>"scheduler.schedulers[1]"</c>).</param>
    /// <param name="integerLiterals">
    /// Integers must be written without a fraction or exponent (<c>2</c>, not <c>2.0</c>), as PyTorch's
    /// <c>isinstance(x, int)</c> checks demand; false accepts any whole number (configs). Nested readers inherit it.
    /// </param>
    /// <exception cref="SpecException">The object holds a key twice.</exception>
    public SpecReader(JsonObject json, string path, bool integerLiterals = false)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            Keys = json.Select(kv => kv.Key).ToArray();
        }
        catch (ArgumentException e)
        {
            // System.Text.Json finds a duplicate key only when the object is first enumerated; its text still holds both,
            // so the scan that SpecJson.Parse runs can name the key and its path.
            SpecJson.RejectDuplicateKeys(json.ToJsonString(), path, "");
            throw new SpecException(path, "a key appears twice; write each key once", e);
        }

        this.json = json;
        Path = path;
        IntegerLiterals = integerLiterals;
    }

    /// <summary>The object's key path.</summary>
    public string Path { get; }

    /// <summary>The keys present, in document order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Whether integers must be written as integer literals (see the constructor).</summary>
    public bool IntegerLiterals { get; }

    /// <summary>The object being read.</summary>
    public JsonObject Json => json;

    /// <summary>A reader for <paramref name="node"/>, which must be an object.</summary>
    /// <param name="node">The value.</param>
    /// <param name="path">Its key path.</param>
    /// <param name="example">An example object for the message, e.g. <c>{"type": "StepLR", "step_size": 3}</c>.</param>
    /// <exception cref="SpecException"><paramref name="node"/> is not an object.</exception>
    /// <param name="integerLiterals">See the constructor.</param>
    public static SpecReader Of(JsonNode? node, string path, string example, bool integerLiterals = false) =>
        node is JsonObject o ? new SpecReader(o, path, integerLiterals) : throw new SpecException(path, $"must be an object such as {example}, got {Show(node)}");

    /// <summary>The path of <paramref name="key"/> in this object.</summary>
    public string PathOf(string key) => SpecPath.Key(Path, key);

    /// <summary>Whether <paramref name="key"/> is present with a value other than <c>null</c> (does not count as a read).</summary>
    public bool Has(string key) => json[key] is not null;

    /// <summary>Whether <paramref name="key"/> is written at all, even as <c>null</c> (does not count as a read).</summary>
    public bool Contains(string key) => json.ContainsKey(key);

    /// <summary>The raw value of <paramref name="key"/> (null when absent or <c>null</c>); marks the key as read.</summary>
    public JsonNode? Raw(string key)
    {
        read.Add(key);
        return json[key];
    }

    /// <summary>Marks keys as read without reading them (keys that are accepted and ignored).</summary>
    public void Accept(params string[] keys)
    {
        foreach (string key in keys)
        {
            read.Add(key);
        }
    }

    /// <summary>A required number.</summary>
    public double Number(string key) => AsNumber(Required(key, "a number"), key);

    /// <summary>A number, or <paramref name="fallback"/> when absent or <c>null</c>.</summary>
    public double Number(string key, double fallback) => Raw(key) is { } n ? AsNumber(n, key) : fallback;

    /// <summary>A number, or null when absent or <c>null</c>.</summary>
    public double? OptionalNumber(string key) => Raw(key) is { } n ? AsNumber(n, key) : null;

    /// <summary>A required whole number.</summary>
    public long Integer(string key) => AsInteger(Required(key, "an integer"), key);

    /// <summary>A whole number, or <paramref name="fallback"/> when absent or <c>null</c>.</summary>
    public long Integer(string key, long fallback) => Raw(key) is { } n ? AsInteger(n, key) : fallback;

    /// <summary>A whole number, or null when absent or <c>null</c>.</summary>
    public long? OptionalInteger(string key) => Raw(key) is { } n ? AsInteger(n, key) : null;

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or null when absent or <c>null</c>.</summary>
    public long? OptionalInteger(string key, long min, long max)
    {
        if (OptionalInteger(key) is not { } value)
        {
            return null;
        }

        return value >= min && value <= max
            ? value
            : throw Error(key, max == long.MaxValue ? $"must be an integer >= {min}, got {value}" : $"must be an integer in [{min}, {max}], got {value}");
    }

    /// <summary>true or false, or <paramref name="fallback"/> when absent or <c>null</c>.</summary>
    public bool Bool(string key, bool fallback) => OptionalBool(key) ?? fallback;

    /// <summary>true or false, or null when absent or <c>null</c>.</summary>
    public bool? OptionalBool(string key) => Raw(key) switch
    {
        null => null,
        var n when n.GetValueKind() == JsonValueKind.True => true,
        var n when n.GetValueKind() == JsonValueKind.False => false,
        var n => throw Error(key, $"must be true or false, got {Show(n)}"),
    };

    /// <summary>A required string.</summary>
    public string String(string key) => AsString(Required(key, "a string"), key);

    /// <summary>A string, or <paramref name="fallback"/> when absent or <c>null</c>.</summary>
    public string String(string key, string fallback) => OptionalString(key) ?? fallback;

    /// <summary>A string, or null when absent or <c>null</c>.</summary>
    public string? OptionalString(string key) => Raw(key) is { } n ? AsString(n, key) : null;

    /// <summary>One of <paramref name="allowed"/>, or <paramref name="fallback"/> when absent or <c>null</c> (required when the fallback is null).</summary>
    public string OneOf(string key, IReadOnlyList<string> allowed, string? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        string? value = fallback is null ? String(key) : OptionalString(key);
        if (value is null)
        {
            return fallback!;
        }

        return allowed.Contains(value)
            ? value
            : throw Error(key, $"must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, got \"{value}\"");
    }

    /// <summary>A required object, as a reader.</summary>
    public SpecReader Object(string key, string example) => Of(Required(key, $"an object such as {example}"), PathOf(key), example, IntegerLiterals);

    /// <summary>An object as a reader, or null when absent or <c>null</c>.</summary>
    public SpecReader? OptionalObject(string key, string example) => Raw(key) is { } n ? Of(n, PathOf(key), example, IntegerLiterals) : null;

    /// <summary>Item <paramref name="index"/> of <paramref name="list"/> (the value of <paramref name="key"/>), which must be an object.</summary>
    public SpecReader Item(string key, JsonArray list, int index, string example)
    {
        ArgumentNullException.ThrowIfNull(list);
        return Of(list[index], SpecPath.Item(PathOf(key), index), example, IntegerLiterals);
    }

    /// <summary>A required list.</summary>
    public JsonArray List(string key, string what) =>
        Required(key, what) as JsonArray ?? throw Error(key, $"must be {what}, got {Show(json[key])}");

    /// <summary>A required list of numbers (no nulls).</summary>
    public double[] NumberList(string key) =>
        List(key, "a list of numbers").Select((n, i) => n is null ? throw Error(key, $"item {i} is null; expected a number") : AsNumber(n, key)).ToArray();

    /// <summary>A required list of whole numbers (no nulls).</summary>
    public long[] IntegerList(string key) =>
        List(key, "a list of integers").Select((n, i) => n is null ? throw Error(key, $"item {i} is null; expected an integer") : AsInteger(n, key)).ToArray();

    /// <summary>A number or a list of numbers (PyTorch's per-group arguments); <paramref name="fallback"/> when absent (required when null).</summary>
    public double[] NumberOrList(string key, double? fallback = null)
    {
        JsonNode? node = fallback is null ? Required(key, "a number or a list of numbers") : Raw(key);
        return node switch
        {
            null => [fallback!.Value],
            JsonArray => NumberList(key),
            _ => [AsNumber(node, key)],
        };
    }

    /// <summary>Fails on the first key present that was neither read nor accepted.</summary>
    /// <param name="what">How to describe the keys in the message, e.g. <c>an argument of StepLR (arguments use PyTorch names)</c>.</param>
    /// <param name="accepted">The keys to list as accepted; null lists the keys read.</param>
    /// <exception cref="SpecException">An unknown key.</exception>
    public void RejectUnknown(string what, IEnumerable<string>? accepted = null)
    {
        foreach (string key in Keys)
        {
            if (!read.Contains(key))
            {
                var known = (accepted ?? read).Distinct().Order(StringComparer.Ordinal);
                throw Error(key, $"is not {what}; accepted: {string.Join(", ", known)}");
            }
        }
    }

    /// <summary>The error for <paramref name="key"/> breaking <paramref name="rule"/>.</summary>
    public SpecException Error(string key, string rule, Exception? innerException = null) => new(PathOf(key), rule, innerException);

    /// <summary>The error for this object breaking <paramref name="rule"/>.</summary>
    public SpecException Error(string rule, Exception? innerException = null) => new(Path, rule, innerException);

    /// <summary>
    /// Runs <paramref name="build"/> (a constructor that validates its arguments) and turns its
    /// <see cref="ArgumentException"/> into a <see cref="SpecException"/> at this object's path (or at the key it names,
    /// when the exception's parameter name is a key of this object), without .NET's <c>(Parameter '…')</c> suffix.
    /// </summary>
    /// <param name="build">The constructor call.</param>
    /// <param name="context">Prefixed to the rule, e.g. the type being built (<c>StepLR</c>); null for none.</param>
    public T Build<T>(Func<T> build, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            return build();
        }
        catch (ArgumentException e) when (e is not SpecException)
        {
            string message = UserMessage.WithoutParameter(e);
            if (e is ArgumentOutOfRangeException { ActualValue: not null } range)
            {
                // "Actual value was x." is .NET's wording; the message already gives the value in the user's terms.
                message = message.Replace($"{Environment.NewLine}Actual value was {range.ActualValue}.", "", StringComparison.Ordinal);
            }

            string rule = context is null ? message : $"{context}: {message}";
            return e.ParamName is { } p && json.ContainsKey(p)
                ? throw Error(p, rule, e)
                : throw Error(rule, e);
        }
    }

    /// <summary>A value found at <paramref name="path"/> that must be a number (for values in nested lists, such as tensors).</summary>
    /// <exception cref="SpecException">The value is not a number.</exception>
    public static double NumberAt(JsonNode? node, string path) =>
        node is not null && node.GetValueKind() == JsonValueKind.Number ? ToDouble(node) : throw new SpecException(path, $"must be a number, got {Show(node)}");

    /// <summary>Whether <paramref name="node"/> is a number written without a fraction or exponent.</summary>
    public static bool IsIntegerLiteral(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        string text = node.ToJsonString();
        return node.GetValueKind() == JsonValueKind.Number && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A value as the message shows it: its JSON, or <c>null</c>.</summary>
    public static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    private JsonNode Required(string key, string what)
    {
        read.Add(key);
        if (!json.TryGetPropertyValue(key, out JsonNode? node))
        {
            throw Error(key, $"is required: {what}");
        }

        return node ?? throw Error(key, $"must not be null; expected {what}");
    }

    private double AsNumber(JsonNode node, string key) =>
        node.GetValueKind() == JsonValueKind.Number ? ToDouble(node) : throw Error(key, $"must be a number, got {Show(node)}");

    /// <summary>A number node as a double, whether parsed from text or built from any CLR number type (<c>JsonValue.Create(3)</c>).</summary>
    private static double ToDouble(JsonNode node) =>
        node is JsonValue v && v.TryGetValue(out double d) ? d : double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private long AsInteger(JsonNode node, string key)
    {
        if (node.GetValueKind() == JsonValueKind.Number && (!IntegerLiterals || IsIntegerLiteral(node)))
        {
            double d = ToDouble(node);
            if (d == Math.Floor(d) && Math.Abs(d) <= 9e15)
            {
                return (long)d;
            }

            if (d == Math.Floor(d) && double.IsFinite(d))
            {
                // Beyond 9e15 a JSON number no longer holds every integer exactly: say so rather than "not an integer".
                throw Error(key, $"must be an integer between -9e15 and 9e15, got {Show(node)}");
            }
        }

        throw Error(key, $"must be an integer, got {Show(node)}");
    }

    private string AsString(JsonNode node, string key) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw Error(key, $"must be a string, got {Show(node)}");

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"spec at '{Path}'");
}
