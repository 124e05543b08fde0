using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotebookKit.Plotting;

/// <summary>
/// A plotly.js data array (<c>x</c>, <c>y</c>, <c>text</c>...): numbers or category labels.
/// Converts implicitly from <c>double[]</c>, <c>float[]</c>, <c>int[]</c>, <c>long[]</c> and <c>string[]</c>.
/// </summary>
/// <remarks>Non-finite numbers are written as <c>null</c>, which plotly.js draws as a gap.</remarks>
[JsonConverter(typeof(PlotArrayConverter))]
public sealed class PlotArray
{
    private readonly double[]? numbers;
    private readonly string[]? labels;

    private PlotArray(double[]? numbers, string[]? labels)
    {
        this.numbers = numbers;
        this.labels = labels;
    }

    /// <summary>Number of values.</summary>
    public int Count => numbers?.Length ?? labels!.Length;

    /// <summary>True when the values are category labels rather than numbers.</summary>
    public bool IsCategorical => labels is not null;

    /// <summary>The numbers, read-only; empty for a categorical array.</summary>
    public IReadOnlyList<double> Numbers => numbers is null ? [] : Array.AsReadOnly(numbers);

    /// <summary>The labels, read-only; empty for a numeric array.</summary>
    public IReadOnlyList<string> Labels => labels is null ? [] : Array.AsReadOnly(labels);

    /// <summary>Numbers, copied.</summary>
    public static PlotArray Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new PlotArray([.. values], null);
    }

    /// <summary>Category labels, copied.</summary>
    public static PlotArray Of(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string[] copy = [.. labels];
        if (Array.IndexOf(copy, null) is int i and >= 0)
        {
            throw new ArgumentException($"Label {i} is null; give every category a name.", nameof(labels));
        }

        return new PlotArray(null, copy);
    }

    /// <summary>0, 1, ..., <paramref name="count"/> − 1.</summary>
    public static PlotArray Range(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new PlotArray(Enumerable.Range(0, count).Select(i => (double)i).ToArray(), null);
    }

    /// <summary>Numbers.</summary>
    public static implicit operator PlotArray(double[] values) => Of(values);

    /// <summary>Numbers (widened to double).</summary>
    public static implicit operator PlotArray(float[] values) => Of(values.Select(v => (double)v));

    /// <summary>Numbers.</summary>
    public static implicit operator PlotArray(int[] values) => Of(values.Select(v => (double)v));

    /// <summary>Numbers.</summary>
    public static implicit operator PlotArray(long[] values) => Of(values.Select(v => (double)v));

    /// <summary>Category labels.</summary>
    public static implicit operator PlotArray(string[] labels) => Of(labels);

    internal void Write(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        if (labels is not null)
        {
            JsonSerializer.Serialize(writer, labels, options);
        }
        else
        {
            JsonSerializer.Serialize(writer, numbers, options);
        }
    }

    private sealed class PlotArrayConverter : JsonConverter<PlotArray>
    {
        public override PlotArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Figures are written, not read: build them in code.");

        public override void Write(Utf8JsonWriter writer, PlotArray value, JsonSerializerOptions options) =>
            value.Write(writer, options);
    }
}
