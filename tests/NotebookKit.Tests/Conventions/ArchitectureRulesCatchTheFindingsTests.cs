namespace NotebookKit.Tests.Conventions;

/// <summary>
/// Every architecture rule fails on the finding it was written for: the rules run over <see cref="BadExample"/>, which
/// reproduces the layering review's findings in miniature, and must report each one.
/// </summary>
public sealed class ArchitectureRulesCatchTheFindingsTests
{
    private static readonly Lazy<CodeGraph> Bad = new(() => CodeGraph.Load(BadExample.AssemblyPath));

    [Fact]
    public void Schedules_depending_on_optim_breaks_the_table_and_the_never_list()
    {
        Assert.Contains(ArchitectureRules.DisallowedDependencies(Bad.Value), l => l.StartsWith("Schedules -> Optim: NotebookKit.Schedules.Torch.StepLR -> NotebookKit.Optim.IOptimizer", StringComparison.Ordinal));
        Assert.Contains(ArchitectureRules.NeverListViolations(Bad.Value), l => l.StartsWith("Schedules -> Optim", StringComparison.Ordinal) && l.Contains("MomentumKind", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_and_plotting_using_each_other_is_a_cycle()
    {
        Assert.Contains(ArchitectureRules.Cycles(Bad.Value), l => l.Contains("Data -> Plotting", StringComparison.Ordinal) && l.Contains("Plotting -> Data", StringComparison.Ordinal));
        Assert.Contains(ArchitectureRules.NeverListViolations(Bad.Value), l => l.StartsWith("Data -> Plotting", StringComparison.Ordinal));
    }

    [Fact]
    public void A_result_that_draws_its_chart_makes_schedules_and_plotting_a_cycle()
    {
        Assert.Contains(ArchitectureRules.Cycles(Bad.Value), l => l.Contains("Schedules -> Plotting", StringComparison.Ordinal) && l.Contains("Plotting -> Schedules", StringComparison.Ordinal));
        Assert.Contains(ArchitectureRules.NeverListViolations(Bad.Value), l => l.StartsWith("Schedules -> Plotting", StringComparison.Ordinal));
    }

    [Fact]
    public void A_range_test_spread_over_three_parts_is_found_in_each()
    {
        var lines = KitRules.RangeTestOutsideItsHome(Bad.Value);
        Assert.Contains(lines, l => l.StartsWith("NotebookKit.Schedules.RangeTest.RangeTestResult ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("NotebookKit.Plotting.Charts.RangeTest ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("NotebookKit.Training.RangeTestOptions ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("NotebookKit.Training.LearningRateFinder ", StringComparison.Ordinal));
    }

    [Fact]
    public void Console_in_the_library_is_found() =>
        Assert.Contains(KitRules.ConsoleInTheLibrary(Bad.Value), l => l.StartsWith("NotebookKit.Training.Trainer -> System.Console.WriteLine", StringComparison.Ordinal));

    [Fact]
    public void A_second_keras_callback_is_found() =>
        Assert.Equal(
            ["NotebookKit.Training.Trainer -> System.Func`3<System.Int32,System.Double,System.Double>.Invoke (call)"],
            KitRules.KerasFunctionCalledOutsideTheCallback(Bad.Value));

    [Fact]
    public void An_atomic_writer_outside_files_is_found() =>
        Assert.Contains(KitRules.AtomicWritesOutsideFiles(Bad.Value), l => l.StartsWith("NotebookKit.Data.AtomicFile -> System.IO.File.Move", StringComparison.Ordinal));

    [Fact]
    public void Two_simd_enums_two_resolves_and_hardware_checks_in_kernels_are_found()
    {
        var lines = KitRules.SimdDispatchOutsideSimd(Bad.Value);
        Assert.Contains(lines, l => l.StartsWith("expected one SIMD path enum, found 2", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("NotebookKit.Nn.Kernels.Gemm -> System.Runtime.Intrinsics.X86.Avx512F.get_IsSupported", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("NotebookKit.Optim.Kernels.UpdateEngine -> System.Runtime.Intrinsics.Vector512.get_IsHardwareAccelerated", StringComparison.Ordinal));
    }

    [Fact]
    public void Intrinsics_in_a_layer_and_a_vector_loop_in_elementwise_are_found()
    {
        var lines = KitRules.VectorCodeOutsideKernels(Bad.Value);
        Assert.Contains(lines, l => l.StartsWith("vector code outside the kernel folders: NotebookKit.Nn.Layers.MaxPool2d -> System.Runtime.Intrinsics.X86.Avx.Max", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("a vector loop of its own in Elementwise", StringComparison.Ordinal) && l.Contains("Vector256.Max", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("NotebookKit.Nn.Kernels.Gemm ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_side_table_of_initial_rates_is_found() =>
        Assert.Contains(KitRules.SideTablesInTheLibrary(Bad.Value), l => l.StartsWith("NotebookKit.Schedules.Torch.InitialRates -> System.Runtime.CompilerServices.ConditionalWeakTable`2", StringComparison.Ordinal));

    [Fact]
    public void A_hand_written_spec_reader_is_found() =>
        Assert.Contains(KitRules.SpecJsonReadOutsideSpecs(Bad.Value), l => l.StartsWith("NotebookKit.Optim.OptimizerSpec -> System.Text.Json.Nodes.JsonNode.GetValueKind", StringComparison.Ordinal));

    [Fact]
    public void A_cli_type_switch_over_optimizers_is_found()
    {
        var lines = ArchitectureRules.TypeSwitchesOverLibraryTypes(Bad.Value, "NotebookKit.Cli");
        Assert.Contains("NotebookKit.Cli.Commands.ScheduleTraceCommand -> NotebookKit.Optim.Sgd (isinst)", lines);
        Assert.Contains("NotebookKit.Cli.Commands.ScheduleTraceCommand -> NotebookKit.Optim.Adam (isinst)", lines);
    }

    [Fact]
    public void The_runner_using_layers_and_the_loop_is_on_the_never_list()
    {
        var lines = ArchitectureRules.NeverListViolations(Bad.Value);
        Assert.Contains(lines, l => l.StartsWith("Runner -> Nn", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Runner -> Training", StringComparison.Ordinal));
    }

    [Fact]
    public void The_real_kit_passes_every_rule_the_bad_example_breaks()
    {
        // Guards against a rule that passes the real code only because it checks nothing: the same rule objects, applied to
        // both, must differ.
        var kit = CodeGraph.Load(ArchitectureTests.KitAssemblies());
        Assert.NotEmpty(ArchitectureRules.Cycles(Bad.Value));
        Assert.Empty(ArchitectureRules.Cycles(kit));
        Assert.Contains(kit.Uses, u => Parts.Of(u.FromNamespace) == "Optim" && Parts.Of(u.ToNamespace) == "Schedules");
    }
}
