using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace NotebookKit.Plotting;

/// <summary>plotly.js <c>layout</c>.</summary>
public sealed partial record Layout
{
    /// <summary>plotly.js's default height in pixels, used for a figure's container when <see cref="Height"/> is null.</summary>
    public const int DefaultHeight = 450;

    /// <summary><c>title</c>, written as <c>{"text": ...}</c>.</summary>
    [JsonPropertyName("title")] public Title? Title { get; init; }

    /// <summary><c>xaxis</c>: the first x axis.</summary>
    [JsonPropertyName("xaxis")] public Axis? XAxis { get; init; }

    /// <summary><c>yaxis</c>: the first y axis.</summary>
    [JsonPropertyName("yaxis")] public Axis? YAxis { get; init; }

    /// <summary>Further axes by plotly.js key: <c>"xaxis2"</c>, <c>"yaxis2"</c>, <c>"yaxis3"</c>, ... (subplots, secondary axes).</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, Axis> MoreAxes { get; init; } = new Dictionary<string, Axis>();

    /// <summary><c>grid</c>: a subplot grid.</summary>
    [JsonPropertyName("grid")] public LayoutGrid? Grid { get; init; }

    /// <summary><c>showlegend</c>.</summary>
    [JsonPropertyName("showlegend")] public bool? ShowLegend { get; init; }

    /// <summary><c>legend</c>.</summary>
    [JsonPropertyName("legend")] public Legend? Legend { get; init; }

    /// <summary><c>hovermode</c>.</summary>
    [JsonPropertyName("hovermode")] public HoverMode? HoverMode { get; init; }

    /// <summary><c>barmode</c>; <see cref="BarMode.Overlay"/> for overlaid histograms.</summary>
    [JsonPropertyName("barmode")] public BarMode? BarMode { get; init; }

    /// <summary><c>annotations</c>.</summary>
    [JsonPropertyName("annotations")] public IReadOnlyList<Annotation>? Annotations { get; init; }

    /// <summary><c>shapes</c>.</summary>
    [JsonPropertyName("shapes")] public IReadOnlyList<Shape>? Shapes { get; init; }

    /// <summary><c>width</c> in pixels; null fills the container (<c>config.responsive</c>).</summary>
    [JsonPropertyName("width")] public int? Width { get; init; }

    /// <summary><c>height</c> in pixels; null for plotly.js's 450.</summary>
    [JsonPropertyName("height")] public int? Height { get; init; }

    /// <summary><c>margin</c>.</summary>
    [JsonPropertyName("margin")] public Margin? Margin { get; init; }

    /// <summary><c>template</c>: a plotly.js template object; <see cref="PlotTemplate.Default"/> unless replaced.</summary>
    [JsonPropertyName("template")] public JsonElement? Template { get; init; } = PlotTemplate.Default;

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, object>? MoreAxesJson =>
        MoreAxes.Count == 0 ? null : MoreAxes.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => (object)p.Value);

    /// <summary>A copy with the axis <paramref name="id"/> (<c>"xaxis"</c>, <c>"yaxis"</c>, <c>"xaxis2"</c>, ...) set.</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a plotly.js axis key.</exception>
    public Layout WithAxis(string id, Axis axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        CheckAxisKey(id);
        return id switch
        {
            "xaxis" => this with { XAxis = axis },
            "yaxis" => this with { YAxis = axis },
            _ => this with { MoreAxes = new Dictionary<string, Axis>(MoreAxes) { [id] = axis } },
        };
    }

    /// <summary>The axis <paramref name="id"/>, or null when it is not set.</summary>
    public Axis? GetAxis(string id) => id switch
    {
        "xaxis" => XAxis,
        "yaxis" => YAxis,
        _ => MoreAxes.GetValueOrDefault(id),
    };

    /// <summary>A copy with one more annotation.</summary>
    public Layout AddAnnotation(Annotation annotation)
    {
        ArgumentNullException.ThrowIfNull(annotation);
        return this with { Annotations = [.. Annotations ?? [], annotation] };
    }

    /// <summary>A copy with one more shape.</summary>
    public Layout AddShape(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return this with { Shapes = [.. Shapes ?? [], shape] };
    }

    /// <summary>Checks every layout rule; the message names the plotly.js attribute.</summary>
    /// <exception cref="ArgumentException">A rule is broken.</exception>
    public void Validate()
    {
        if (Width is { } w && w < 10)
        {
            throw new ArgumentException($"layout.width must be at least 10 pixels (plotly.js minimum), got {w}.");
        }

        if (Height is { } h && h < 10)
        {
            throw new ArgumentException($"layout.height must be at least 10 pixels (plotly.js minimum), got {h}.");
        }

        XAxis?.Validate("xaxis");
        YAxis?.Validate("yaxis");
        foreach ((string id, Axis axis) in MoreAxes)
        {
            CheckAxisKey(id);
            if (id is "xaxis" or "yaxis")
            {
                throw new ArgumentException($"Set layout.{id} through {(id == "xaxis" ? nameof(XAxis) : nameof(YAxis))}, not {nameof(MoreAxes)}.");
            }

            axis.Validate(id);
        }

        Grid?.Validate();
        for (int i = 0; i < (Shapes?.Count ?? 0); i++)
        {
            Shapes![i].Validate(i);
        }
    }

    private static void CheckAxisKey(string id)
    {
        if (id is null || !AxisKey().IsMatch(id))
        {
            throw new ArgumentException($"'{id}' is not a plotly.js axis key: use \"xaxis\", \"yaxis\", \"xaxis2\", \"yaxis2\", ...", nameof(id));
        }
    }

    [GeneratedRegex(@"^[xy]axis([2-9]|[1-9][0-9]+)?$")]
    private static partial Regex AxisKey();
}
