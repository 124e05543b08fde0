namespace NotebookKit.Tests.Conventions;

/// <summary>The kit's "one way to do each thing" rules, each phrased over a <see cref="CodeGraph"/>.</summary>
public static class KitRules
{
    private static readonly string[] Hosts = ["Cli", "Runner", "Kernel"];

    /// <summary>Uses of <c>System.Console</c> from the library (the CLI and the runner own the console).</summary>
    public static IReadOnlyList<string> ConsoleInTheLibrary(CodeGraph graph) =>
        graph.Uses
            .Where(u => u.To == "System.Console" && Parts.Of(u.FromNamespace) is { } p && !Hosts.Contains(p))
            .Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Renames into place (<c>File.Move</c>, <c>File.Replace</c>) outside <c>NotebookKit.Files.AtomicFile</c>.</summary>
    public static IReadOnlyList<string> AtomicWritesOutsideFiles(CodeGraph graph) =>
        ArchitectureRules.UsesOutside(graph, "System.IO.File", ["Move", "Replace"], "NotebookKit.Files");

    /// <summary>
    /// Hardware checks outside <c>NotebookKit.Simd</c>, and more than one path enum or <c>Resolve</c> rule: every kernel
    /// asks <c>SimdDispatch</c>, so an AVX2-only laptop runs the same path everywhere.
    /// </summary>
    public static IReadOnlyList<string> SimdDispatchOutsideSimd(CodeGraph graph)
    {
        var lines = graph.Uses
            .Where(u => u.Member is "get_IsSupported" or "get_IsHardwareAccelerated")
            .Where(u => u.ToNamespace.StartsWith("System.Runtime.Intrinsics", StringComparison.Ordinal))
            .Where(u => Parts.Of(u.FromNamespace) is { } p && p != "Simd")
            .Select(u => $"hardware check outside NotebookKit.Simd: {u}")
            .ToList();
        var enums = ArchitectureRules.EnumsWithMembers(graph, "Scalar", "Vector256");
        if (enums.Count != 1)
        {
            lines.Add($"expected one SIMD path enum, found {enums.Count}: {string.Join(", ", enums)}");
        }

        var resolves = ArchitectureRules.MethodsTaking(graph, "Resolve", t => enums.Contains(t.FullName));
        if (resolves.Count != 1)
        {
            lines.Add($"expected one Resolve rule, found {resolves.Count}: {string.Join(", ", resolves)}");
        }

        return lines.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Spec and config readers (types named <c>*Spec</c>, <c>*Config</c>, <c>*Trace</c>, <c>*Reader</c>, and the CLI) reading
    /// JSON values themselves instead of through <c>NotebookKit.Specs</c>. The runner's notebook readers are not spec readers.
    /// </summary>
    public static IReadOnlyList<string> SpecJsonReadOutsideSpecs(CodeGraph graph) =>
        graph.Uses
            .Where(u => u.ToNamespace == "System.Text.Json.Nodes")
            .Where(u => u.Member is not null && (u.Member.StartsWith("GetValue", StringComparison.Ordinal) || u.Member.StartsWith("TryGetValue", StringComparison.Ordinal) || u.Member == "GetValueKind"))
            .Where(u => Parts.Of(u.FromNamespace) is { } p && p is not ("Specs" or "Runner"))
            .Where(u => IsSpecReader(u.From) || Parts.Of(u.FromNamespace) == "Cli")
            .Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Calls of a Keras <c>(epoch, lr) → lr</c> function outside <c>LearningRateSchedulerCallback</c>.</summary>
    public static IReadOnlyList<string> KerasFunctionCalledOutsideTheCallback(CodeGraph graph) =>
        graph.Uses
            .Where(u => u.To == "System.Func`3<System.Int32,System.Double,System.Double>" && u.Member == "Invoke")
            .Where(u => Parts.Of(u.FromNamespace) is not null && !u.From.EndsWith(".LearningRateSchedulerCallback", StringComparison.Ordinal))
            .Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Range-test types and members outside <c>NotebookKit.Training.RangeTest</c>.</summary>
    public static IReadOnlyList<string> RangeTestOutsideItsHome(CodeGraph graph) =>
        [.. ArchitectureRules.ConceptOutsideItsHome(graph, "RangeTest", "NotebookKit.Training.RangeTest"),
         .. ArchitectureRules.ConceptOutsideItsHome(graph, "LearningRateFinder", "NotebookKit.Training.RangeTest")];

    /// <summary>
    /// One kernel style: vector code (<c>System.Runtime.Intrinsics</c>, <c>System.Numerics.Vector</c>) in the library only
    /// in the kernel folders (<c>Nn.Kernels</c>, <c>Optim.Kernels</c>) and the <c>Simd</c> leaf, so a layer calls a kernel
    /// and never holds intrinsics itself; and <c>Elementwise</c> writes no vector loop of its own: each of its kernels is an
    /// operator struct that <c>ElementwiseEngine</c> runs, so the 512/256/scalar loop exists once.
    /// </summary>
    public static IReadOnlyList<string> VectorCodeOutsideKernels(CodeGraph graph) =>
        graph.Uses
            .Where(u => u.ToNamespace.StartsWith("System.Runtime.Intrinsics", StringComparison.Ordinal) || u.To.StartsWith("System.Numerics.Vector", StringComparison.Ordinal))
            .Where(u => InTheLibrary(u.FromNamespace))
            .Where(u => u.FromNamespace is not ("NotebookKit.Nn.Kernels" or "NotebookKit.Optim.Kernels" or "NotebookKit.Simd") || u.From == "NotebookKit.Nn.Kernels.Elementwise")
            .Select(u => u.From == "NotebookKit.Nn.Kernels.Elementwise" ? $"a vector loop of its own in Elementwise (write an operator struct for ElementwiseEngine): {u}" : $"vector code outside the kernel folders: {u}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Side tables in the library: a <c>ConditionalWeakTable</c> keeps a second copy of an object's state beside it (the
    /// PyTorch adapters once kept each group's initial rate in a static one); state belongs in the object that owns it.
    /// </summary>
    public static IReadOnlyList<string> SideTablesInTheLibrary(CodeGraph graph) =>
        graph.Uses
            .Where(u => u.To.StartsWith("System.Runtime.CompilerServices.ConditionalWeakTable`2", StringComparison.Ordinal))
            .Where(u => InTheLibrary(u.FromNamespace))
            .Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether a namespace is in the library that notebooks load (not a host, not a test).</summary>
    private static bool InTheLibrary(string ns) => Parts.Of(ns) is { } p && !Hosts.Contains(p) && p != "Images";

    /// <summary>References of the named assembly to anything but the .NET framework and <paramref name="allowed"/>.</summary>
    public static IReadOnlyList<string> NonFrameworkReferences(CodeGraph graph, string assemblyName, params string[] allowed) =>
        graph.Assemblies
            .Where(a => a.Name.Name == assemblyName)
            .SelectMany(a => a.MainModule.AssemblyReferences)
            .Where(r => !(r.Name.StartsWith("System", StringComparison.Ordinal) || r.Name is "netstandard" or "mscorlib" || r.Name.StartsWith("Microsoft.Win32", StringComparison.Ordinal) || allowed.Contains(r.Name)))
            .Select(r => $"{assemblyName} references {r.FullName}")
            .ToList();

    private static bool IsSpecReader(string typeName)
    {
        string name = typeName.Split('.')[^1].Split('/')[0];
        return name.EndsWith("Spec", StringComparison.Ordinal) || name.EndsWith("Config", StringComparison.Ordinal)
            || name.EndsWith("Trace", StringComparison.Ordinal) || name.Contains("Reader", StringComparison.Ordinal);
    }
}
