using System.Reflection;
using NotebookKit.Images;
using NotebookKit.Notebooks;
using NotebookKit.Schedules;

namespace NotebookKit.Tests.Conventions;

/// <summary>
/// The layering of docs/architecture.md, checked on the compiled assemblies (the library, NotebookKit.Images, the runner,
/// the Jupyter kernel and the CLI). <see cref="ArchitectureRulesCatchTheFindingsTests"/> shows each rule failing on the code it forbids.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Lazy<CodeGraph> Kit = new(() => CodeGraph.Load(KitAssemblies()));

    public static string[] KitAssemblies() =>
    [
        typeof(ISchedule).Assembly.Location,
        typeof(FigureImageExporter).Assembly.Location,
        typeof(Notebook).Assembly.Location,
        typeof(NotebookKit.Cli.CliApp).Assembly.Location,
        typeof(NotebookKit.Kernel.Protocol.ConnectionInfo).Assembly.Location,
    ];

    [Fact]
    public void Parts_use_only_the_arrows_drawn() =>
        Assert.Empty(ArchitectureRules.DisallowedDependencies(Kit.Value));

    [Fact]
    public void Nothing_on_the_never_list_exists() =>
        Assert.Empty(ArchitectureRules.NeverListViolations(Kit.Value));

    [Fact]
    public void No_cycles_between_parts() =>
        Assert.Empty(ArchitectureRules.Cycles(Kit.Value));

    [Fact]
    public void The_library_never_touches_the_console() =>
        Assert.Empty(KitRules.ConsoleInTheLibrary(Kit.Value));

    [Fact]
    public void One_atomic_writer() =>
        Assert.Empty(KitRules.AtomicWritesOutsideFiles(Kit.Value));

    [Fact]
    public void One_simd_dispatch_rule() =>
        Assert.Empty(KitRules.SimdDispatchOutsideSimd(Kit.Value));

    [Fact]
    public void One_spec_reader() =>
        Assert.Empty(KitRules.SpecJsonReadOutsideSpecs(Kit.Value));

    [Fact]
    public void One_keras_learning_rate_scheduler() =>
        Assert.Empty(KitRules.KerasFunctionCalledOutsideTheCallback(Kit.Value));

    [Fact]
    public void One_kernel_style_vector_code_only_in_the_kernel_folders() =>
        Assert.Empty(KitRules.VectorCodeOutsideKernels(Kit.Value));

    [Fact]
    public void Scheduler_state_holds_its_own_initial_rates_without_side_tables() =>
        Assert.Empty(KitRules.SideTablesInTheLibrary(Kit.Value));

    [Fact]
    public void The_cli_parses_calls_and_prints_without_type_switches_over_library_types() =>
        Assert.Empty(ArchitectureRules.TypeSwitchesOverLibraryTypes(Kit.Value, "NotebookKit.Cli"));

    [Fact]
    public void The_range_test_lives_in_one_place() =>
        Assert.Empty(KitRules.RangeTestOutsideItsHome(Kit.Value));

    [Fact]
    public void The_library_references_only_the_framework() =>
        Assert.Empty(KitRules.NonFrameworkReferences(Kit.Value, "NotebookKit"));

    [Fact]
    public void Png_export_references_only_the_framework_and_the_library() =>
        Assert.Empty(KitRules.NonFrameworkReferences(Kit.Value, "NotebookKit.Images", "NotebookKit"));

    [Fact]
    public void The_library_is_a_few_megabytes()
    {
        // With no package reference (above), the library's output folder is this file, its XML docs and symbols. Most of
        // it is the embedded plotly.js (about 4.6 MB); PNG export through a browser driver once made the folder 139 MB.
        long bytes = new FileInfo(Library.Location).Length;
        Assert.True(bytes < MaxLibraryBytes, $"NotebookKit.dll is {bytes / 1e6:F1} MB; the library that notebooks load stays under {MaxLibraryBytes / 1e6:F0} MB.");
    }

    public const long MaxLibraryBytes = 10_000_000;

    [Fact]
    public void The_library_project_has_no_package_reference()
    {
        string project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "NotebookKit", "NotebookKit.csproj"));
        Assert.DoesNotContain("<PackageReference", project, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_part_of_the_library_is_in_the_table()
    {
        var unknown = Kit.Value.Types
            .Select(t => Parts.Of(CodeGraph.NamespaceOf(t)))
            .OfType<string>()
            .Where(p => p != "NotebookKit" && !Parts.Leaves.Contains(p) && !Parts.Allowed.ContainsKey(p))
            .Distinct()
            .ToList();
        Assert.Empty(unknown);
    }

    internal static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "NotebookKit.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("NotebookKit.sln not found above the test folder.");
    }

    internal static Assembly Library => typeof(ISchedule).Assembly;
}
