using Mono.Cecil;

namespace NotebookKit.Tests.Conventions;

/// <summary>The rules the architecture tests enforce, as functions from a <see cref="CodeGraph"/> to its violations.</summary>
/// <remarks>Each returns human-readable lines (empty when the rule holds), so a failing test says what to change.</remarks>
public static class ArchitectureRules
{
    /// <summary>Arrows between parts that <see cref="Parts.Allowed"/> does not list (leaves may use no other part).</summary>
    public static IReadOnlyList<string> DisallowedDependencies(CodeGraph graph) =>
        PartUses(graph)
            .Where(u => !IsAllowed(u.FromPart, u.ToPart))
            .Select(u => $"{u.FromPart} -> {u.ToPart}: {u.Use}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Arrows on the never-list, at the never-list's detail (<c>Data -> Nn.Layers</c>).</summary>
    public static IReadOnlyList<string> NeverListViolations(CodeGraph graph)
    {
        var lines = new List<string>();
        foreach (var use in graph.Uses)
        {
            string? from = Parts.Of(use.FromNamespace);
            string? to = Parts.Of(use.ToNamespace, detailed: true);
            if (from is null || to is null)
            {
                continue;
            }

            foreach (var (f, t, why) in Parts.Never)
            {
                if (from == f && Parts.Matches(to, t))
                {
                    lines.Add($"{f} -> {t} ({why}): {use}");
                }
            }
        }

        return lines.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Cycles between parts: each strongly connected set of two or more parts, with one use per arrow.</summary>
    public static IReadOnlyList<string> Cycles(CodeGraph graph)
    {
        var arrows = PartUses(graph).GroupBy(u => (u.FromPart, u.ToPart)).ToDictionary(g => g.Key, g => g.First().Use);
        var parts = arrows.Keys.SelectMany(k => new[] { k.FromPart, k.ToPart }).Distinct().Order(StringComparer.Ordinal).ToList();
        var next = parts.ToDictionary(p => p, p => arrows.Keys.Where(k => k.FromPart == p).Select(k => k.ToPart).ToList());
        var lines = new List<string>();
        foreach (var component in StronglyConnected(parts, next).Where(c => c.Count > 1))
        {
            var inside = arrows.Where(a => component.Contains(a.Key.FromPart) && component.Contains(a.Key.ToPart))
                .Select(a => $"{a.Key.FromPart} -> {a.Key.ToPart} ({a.Value})");
            lines.Add($"cycle between {string.Join(", ", component.Order(StringComparer.Ordinal))}: {string.Join("; ", inside.Order(StringComparer.Ordinal))}");
        }

        return lines;
    }

    /// <summary>Uses of <paramref name="typeFullName"/> (optionally only its members in <paramref name="members"/>) from outside <paramref name="allowedNamespaces"/>.</summary>
    public static IReadOnlyList<string> UsesOutside(CodeGraph graph, string typeFullName, IReadOnlyCollection<string>? members, params string[] allowedNamespaces) =>
        graph.Uses
            .Where(u => u.To == typeFullName && (members is null || (u.Member is not null && members.Contains(u.Member))))
            .Where(u => Parts.Of(u.FromNamespace) is not null)
            .Where(u => !allowedNamespaces.Any(ns => u.FromNamespace == ns || u.FromNamespace.StartsWith(ns + ".", StringComparison.Ordinal)))
            .Select(u => u.ToString())
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Type tests and casts (<c>is</c>, <c>as</c>, <c>switch</c> on type, casts) from <paramref name="fromNamespace"/> to types of the library.</summary>
    public static IReadOnlyList<string> TypeSwitchesOverLibraryTypes(CodeGraph graph, string fromNamespace) =>
        graph.Uses
            .Where(u => u.Kind is "isinst" or "castclass")
            .Where(u => u.FromNamespace == fromNamespace || u.FromNamespace.StartsWith(fromNamespace + ".", StringComparison.Ordinal))
            .Where(u => Parts.Of(u.ToNamespace) is { } p && !IsHost(p))
            .Select(u => u.ToString())
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Types or members whose name says they are about <paramref name="concept"/> but live outside <paramref name="home"/>.</summary>
    public static IReadOnlyList<string> ConceptOutsideItsHome(CodeGraph graph, string concept, string home) =>
        graph.Types
            .Where(t => Parts.Of(CodeGraph.NamespaceOf(t)) is not null && !t.Name.StartsWith('<'))
            .Where(t => !(CodeGraph.NamespaceOf(t) == home || CodeGraph.NamespaceOf(t).StartsWith(home + ".", StringComparison.Ordinal)))
            .SelectMany(t => new[] { (t.FullName, t.Name) }
                .Concat(t.Methods.Where(m => !m.IsSpecialName).Select(m => ($"{t.FullName}.{m.Name}", m.Name)))
                .Concat(t.Properties.Select(p => ($"{t.FullName}.{p.Name}", p.Name))))
            .Where(x => x.Item2.Contains(concept, StringComparison.Ordinal))
            .Select(x => $"{x.Item1} is about {concept} but is outside {home}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every enum defined in the kit whose members include all of <paramref name="members"/>.</summary>
    public static IReadOnlyList<string> EnumsWithMembers(CodeGraph graph, params string[] members) =>
        graph.Types
            .Where(t => t.IsEnum && Parts.Of(CodeGraph.NamespaceOf(t)) is not null)
            .Where(t => members.All(m => t.Fields.Any(f => f.Name == m)))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Every method defined in the kit named <paramref name="name"/> that takes a parameter of type <paramref name="parameterType"/>.</summary>
    public static IReadOnlyList<string> MethodsTaking(CodeGraph graph, string name, Func<TypeReference, bool> parameterType) =>
        graph.Types
            .Where(t => Parts.Of(CodeGraph.NamespaceOf(t)) is not null)
            .SelectMany(t => t.Methods.Where(m => m.Name == name && m.Parameters.Any(p => parameterType(p.ParameterType))).Select(m => $"{t.FullName}.{m.Name}"))
            .Order(StringComparer.Ordinal).ToList();

    private static bool IsHost(string part) => part is "Cli" or "Runner" or "Images" or "Kernel";

    private static bool IsAllowed(string from, string to)
    {
        if (from == to)
        {
            return true;
        }

        if (Parts.Leaves.Contains(from))
        {
            return false;
        }

        return Parts.Leaves.Contains(to) || (Parts.Allowed.TryGetValue(from, out var allowed) && allowed.Contains(to));
    }

    private static IEnumerable<(string FromPart, string ToPart, Use Use)> PartUses(CodeGraph graph)
    {
        foreach (var use in graph.Uses)
        {
            if (Parts.Of(use.FromNamespace) is { } from && Parts.Of(use.ToNamespace) is { } to && from != to)
            {
                yield return (from, to, use);
            }
        }
    }

    /// <summary>Tarjan's algorithm.</summary>
    private static List<List<string>> StronglyConnected(List<string> nodes, Dictionary<string, List<string>> next)
    {
        int index = 0;
        var indices = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();

        void Visit(string v)
        {
            indices[v] = low[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in next.GetValueOrDefault(v, []))
            {
                if (!indices.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], indices[w]);
                }
            }

            if (low[v] == indices[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (string n in nodes)
        {
            if (!indices.ContainsKey(n))
            {
                Visit(n);
            }
        }

        return result;
    }
}
