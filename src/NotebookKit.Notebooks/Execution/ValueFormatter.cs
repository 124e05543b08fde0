using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Turns a value into a mime bundle with the .NET Interactive kernel's conventions: a type tagged with an attribute
/// named <c>TypeFormatterSourceAttribute</c> (matched by name, any namespace, inherited) is formatted by every
/// formatter its source creates; strings are text/plain; null is <c>&lt;null&gt;</c>; sequences get a small HTML list
/// (20 items at most) and other objects their <see cref="object.ToString"/>.
/// </summary>
public static class ValueFormatter
{
    /// <summary>How many items of a sequence are shown (the kernel's <c>ListExpansionLimit</c>).</summary>
    public const int ListLimit = 20;

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<(string Mime, object Formatter, MethodInfo Format)>> Cache = new();

    /// <summary>Formats <paramref name="value"/>; when <paramref name="mimeTypes"/> is non-empty, only those are kept.</summary>
    /// <returns>Mime type to value: a string, or a <see cref="JsonNode"/> for JSON mime types.</returns>
    public static IReadOnlyList<KeyValuePair<string, object>> Format(object? value, params string[] mimeTypes)
    {
        mimeTypes ??= [];
        var bundle = FormatAll(value, mimeTypes);
        if (mimeTypes.Length > 0)
        {
            var kept = bundle.Where(p => mimeTypes.Contains(p.Key, StringComparer.Ordinal)).ToList();
            if (kept.Count == 0 && value is not null)
            {
                // display("<b>x</b>", "text/html") in the kernel writes the text as that mime type.
                string text = value as string ?? value.ToString() ?? "";
                kept.AddRange(mimeTypes.Select(m => new KeyValuePair<string, object>(m, MimeTypes.IsJson(m) ? ParseJson(text) : text)));
            }

            return kept;
        }

        return bundle;
    }

    private static List<KeyValuePair<string, object>> FormatAll(object? value, string[] mimeTypes)
    {
        switch (value)
        {
            case null:
                return [new(MimeTypes.Text, "<null>")];
            case string s:
                return [new(MimeTypes.Text, s)];
            case HtmlContent html:
                return [new(MimeTypes.Html, html.Html)];
        }

        var formatters = FormattersFor(value.GetType());
        if (formatters.Count > 0)
        {
            var bundle = new List<KeyValuePair<string, object>>();
            foreach (var (mime, formatter, format) in formatters)
            {
                if (bundle.Any(p => p.Key == mime) || (mimeTypes.Length > 0 && !mimeTypes.Contains(mime, StringComparer.Ordinal)))
                {
                    continue;
                }

                using var writer = new StringWriter(CultureInfo.InvariantCulture);
                if (format.Invoke(formatter, [value, writer]) is true)
                {
                    string text = writer.ToString();
                    bundle.Add(new(mime, MimeTypes.IsJson(mime) ? ParseJson(text) : text));
                }
            }

            if (bundle.Count > 0)
            {
                return bundle;
            }
        }

        if (value is IEnumerable sequence)
        {
            return Sequence(sequence);
        }

        return [new(MimeTypes.Text, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")];
    }

    private static List<KeyValuePair<string, object>> Sequence(IEnumerable sequence)
    {
        var items = new List<string>();
        bool more = false;
        foreach (object? item in sequence)
        {
            if (items.Count == ListLimit)
            {
                more = true;
                break;
            }

            items.Add(item is null ? "<null>" : Convert.ToString(item, CultureInfo.InvariantCulture) ?? "");
        }

        var html = new StringBuilder("<table><thead><tr><th><i>index</i></th><th>value</th></tr></thead><tbody>");
        for (int i = 0; i < items.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{i}</td><td>{WebUtility.HtmlEncode(items[i])}</td></tr>");
        }

        if (more)
        {
            html.Append("<tr><td colspan=\"2\"><i>(more)</i></td></tr>");
        }

        html.Append("</tbody></table>");
        string text = "[" + string.Join(", ", items) + (more ? ", ..." : "") + "]";
        return [new(MimeTypes.Html, html.ToString()), new(MimeTypes.Text, text)];
    }

    private static IReadOnlyList<(string Mime, object Formatter, MethodInfo Format)> FormattersFor(Type type) =>
        Cache.GetOrAdd(type, static t =>
        {
            var attribute = ConventionAttribute(t);
            if (attribute is null)
            {
                return [];
            }

            var sourceType = attribute.GetType().GetProperty("FormatterSourceType")?.GetValue(attribute) as Type;
            string[] preferred = attribute.GetType().GetProperty("PreferredMimeTypes")?.GetValue(attribute) as string[] ?? [];
            if (sourceType is null || Activator.CreateInstance(sourceType, nonPublic: true) is not { } source
                || sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)?.Invoke(source, null) is not IEnumerable created)
            {
                return [];
            }

            var list = new List<(string, object, MethodInfo)>();
            foreach (object formatter in created)
            {
                var ft = formatter.GetType();
                if (ft.GetProperty("MimeType")?.GetValue(formatter) is string mime
                    && ft.GetMethod("Format", [typeof(object), typeof(TextWriter)]) is { ReturnType: var r } format && r == typeof(bool)
                    && (ft.GetProperty("Type")?.GetValue(formatter) is not Type target || target.IsAssignableFrom(t)))
                {
                    list.Add((mime, formatter, format));
                }
            }

            // Preferred mime types first, in their order; then the others in the source's order.
            return [.. list.OrderBy(f => Array.IndexOf(preferred, f.Item1) is var i && i >= 0 ? i : preferred.Length)];
        });

    /// <summary>The first attribute named TypeFormatterSourceAttribute on the type, its base types or its interfaces.</summary>
    private static Attribute? ConventionAttribute(Type type)
    {
        static Attribute? On(Type t) => t.GetCustomAttributes(inherit: true).OfType<Attribute>()
            .FirstOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");

        return On(type) ?? type.GetInterfaces().Select(On).FirstOrDefault(a => a is not null);
    }

    private static object ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text) is { } node ? node : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
