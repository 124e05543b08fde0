using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Kernel;

/// <summary>
/// The cells this kernel process ran (in memory, gone at restart), served to <c>history_request</c>: <c>tail</c>,
/// <c>range</c> and <c>search</c> (glob pattern, optionally unique), each entry <c>[session, line, input]</c> or
/// <c>[session, line, [input, output]]</c>.
/// </summary>
internal sealed class HistoryStore
{
    /// <summary>The session number every entry carries: history does not outlive the kernel process.</summary>
    public const int SessionNumber = 1;

    private readonly List<(int Line, string Input, string? Output)> entries = [];
    private readonly Lock gate = new();

    public void Add(int line, string input, string? output)
    {
        lock (gate)
        {
            entries.Add((line, input, output));
        }
    }

    public JsonObject Query(JsonObject request)
    {
        bool output = (bool?)request["output"] ?? false;
        string type = (string?)request["hist_access_type"] ?? "tail";
        int? n = (int?)request["n"];
        List<(int Line, string Input, string? Output)> selected;
        lock (gate)
        {
            selected = type switch
            {
                "range" => Range(request),
                "search" => Search(request),
                _ => [.. entries],
            };
        }

        if (n is > 0 && selected.Count > n)
        {
            selected = selected[^n.Value..];
        }

        var history = new JsonArray();
        foreach (var (line, input, result) in selected)
        {
            history.Add(new JsonArray(SessionNumber, line, output ? new JsonArray(input, result) : JsonValue.Create(input)));
        }

        return new JsonObject { ["status"] = "ok", ["history"] = history };
    }

    private List<(int Line, string Input, string? Output)> Range(JsonObject request)
    {
        int session = (int?)request["session"] ?? SessionNumber;
        if (session != SessionNumber && session != 0)
        {
            return [];
        }

        int start = (int?)request["start"] ?? 1, stop = (int?)request["stop"] ?? int.MaxValue;
        return [.. entries.Where(e => e.Line >= start && e.Line < stop)];
    }

    private List<(int Line, string Input, string? Output)> Search(JsonObject request)
    {
        var pattern = Glob((string?)request["pattern"] ?? "*");
        var matches = entries.Where(e => pattern.IsMatch(e.Input)).ToList();
        if ((bool?)request["unique"] ?? false)
        {
            // The latest run of each distinct input, in order.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            matches = [.. Enumerable.Reverse(matches).Where(e => seen.Add(e.Input)).Reverse()];
        }

        return matches;
    }

    /// <summary>IPython's search pattern is a glob (<c>*</c>, <c>?</c>, <c>[...]</c>) over the whole input.</summary>
    private static Regex Glob(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (char c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                '[' => "[",
                ']' => "]",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
