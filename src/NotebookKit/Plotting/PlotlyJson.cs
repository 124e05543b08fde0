using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>The System.Text.Json settings that turn the figure model into plotly.js JSON.</summary>
internal static class PlotlyJson
{
    /// <summary>Compact output; nulls omitted so plotly.js applies its own defaults.</summary>
    public static readonly JsonSerializerOptions Options = Create(indented: false);

    /// <summary>The same, indented (for reading and for snapshots).</summary>
    public static readonly JsonSerializerOptions IndentedOptions = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        // The default encoder escapes <, > and &, so the JSON can sit inside a <script> element as is.
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new NonFiniteAsNullConverter());
        options.Converters.Add(new EnumMemberConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>plotly.js reads null as a gap; JSON has no NaN or Infinity.</summary>
    private sealed class NonFiniteAsNullConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    /// <summary>Writes enum members by their <see cref="EnumMemberAttribute"/> value (plotly.js spelling).</summary>
    private sealed class EnumMemberConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(EnumMemberConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class EnumMemberConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(
            v => v,
            v => typeof(T).GetField(v.ToString())!.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? v.ToString().ToLowerInvariant());

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            string? text = reader.TokenType == JsonTokenType.False ? "false" : reader.GetString();
            foreach (KeyValuePair<T, string> pair in Names)
            {
                if (pair.Value == text)
                {
                    return pair.Key;
                }
            }

            throw new JsonException($"'{text}' is not a plotly.js value of {typeof(T).Name}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            string name = Names.TryGetValue(value, out string? known)
                ? known
                : throw new JsonException($"{value} is not a defined {typeof(T).Name}.");
            // plotly.js spells "off" as the boolean false for a few enumerations (hovermode).
            if (name == "false")
            {
                writer.WriteBooleanValue(false);
            }
            else
            {
                writer.WriteStringValue(name);
            }
        }
    }
}
