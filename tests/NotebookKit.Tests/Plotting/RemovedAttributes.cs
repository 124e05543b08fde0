using System.Text.Json.Nodes;

namespace NotebookKit.Tests.Plotting;

/// <summary>
/// A deny-list of what plotly.js 3.0 and 4.0 removed (plotly.js 3.0 and 4.0 release notes; docs/plotting.md), checked over a whole
/// figure JSON tree.
/// </summary>
public static class RemovedAttributes
{
    public static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        // 3.0
        "titlefont", "titleposition", "titleside", "titleoffset", "autotick", "bardir", "plot3dPixelRatio",
        "cameraposition", "transforms",
        // 4.0
        "mapbox", "mapboxAccessToken", "showLink", "linkText", "sendData", "showSources", "hidesources",
    };

    public static readonly HashSet<string> TraceTypes = new(StringComparer.Ordinal)
    {
        "heatmapgl", "pointcloud", "scattermapbox", "choroplethmapbox", "densitymapbox",
    };

    /// <summary>Every violation, as a JSON path and a reason.</summary>
    public static List<string> Find(string json)
    {
        var problems = new List<string>();
        Walk(JsonNode.Parse(json), "$", problems);
        return problems;
    }

    private static void Walk(JsonNode? node, string path, List<string> problems)
    {
        switch (node)
        {
            case JsonObject o:
                foreach ((string key, JsonNode? child) in o)
                {
                    string at = $"{path}.{key}";
                    if (Keys.Contains(key))
                    {
                        problems.Add($"{at}: removed in plotly.js 3/4");
                    }

                    // Every *src attribute (Chart Studio data references) went in 4.0.
                    if (key.Length > 3 && key.EndsWith("src", StringComparison.Ordinal))
                    {
                        problems.Add($"{at}: *src attributes were removed in plotly.js 4");
                    }

                    if (key == "title" && child is not JsonObject)
                    {
                        problems.Add($"{at}: titles must be {{\"text\": ...}} since plotly.js 3");
                    }

                    if (key == "type" && child is JsonValue v && v.TryGetValue(out string? type) && TraceTypes.Contains(type))
                    {
                        problems.Add($"{at}: trace type '{type}' was removed");
                    }

                    // Template trace defaults are keyed by trace type.
                    if (TraceTypes.Contains(key))
                    {
                        problems.Add($"{at}: trace type '{key}' was removed");
                    }

                    Walk(child, at, problems);
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    Walk(a[i], $"{path}[{i}]", problems);
                }

                break;
        }
    }
}
