using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NotebookKit.Tests.Conventions;

/// <summary>
/// A small assembly compiled from source that reproduces each finding of the layering review, in miniature, so the
/// rules can be shown to fail on exactly what they forbid.
/// </summary>
public static class BadExample
{
    /// <summary>One source file per finding; the names match the tests that use them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Findings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Schedules -> Optim: the PyTorch adapters took IOptimizer, and MomentumKind lived in Optim.
        ["SchedulesUseOptim"] = """
            namespace NotebookKit.Optim { public interface IOptimizer { } public enum MomentumKind { None } }
            namespace NotebookKit.Schedules.Torch
            {
                public sealed class StepLR { public StepLR(NotebookKit.Optim.IOptimizer optimizer) { Kind = NotebookKit.Optim.MomentumKind.None; } public NotebookKit.Optim.MomentumKind Kind { get; } }
            }
            """,
        // Data <-> Plotting: display interfaces in Plotting, AtomicFile in Data.
        ["DataPlottingCycle"] = """
            namespace NotebookKit.Plotting
            {
                public interface IHtmlDisplayable { string ToHtml(); }
                public static class OfflinePage { public static void Save(string path) => NotebookKit.Data.AtomicFile.WriteAllText(path, ""); }
            }
            namespace NotebookKit.Data
            {
                public static class AtomicFile { public static void WriteAllText(string path, string text) { System.IO.File.WriteAllText(path + ".tmp", text); System.IO.File.Move(path + ".tmp", path, true); } }
                public sealed class ImageDataset : NotebookKit.Plotting.IHtmlDisplayable { public string ToHtml() => ""; }
            }
            """,
        // Schedules <-> Plotting: RangeTestResult drew charts, and the range test lived in Schedules, Training and Plotting.
        ["SchedulesPlottingCycle"] = """
            namespace NotebookKit.Schedules { public interface ISchedule { double ValueAt(long step); } }
            namespace NotebookKit.Schedules.RangeTest
            {
                public sealed class RangeTestResult { public object Plot() => NotebookKit.Plotting.Charts.RangeTest(); }
            }
            namespace NotebookKit.Plotting
            {
                public static class Charts { public static object RangeTest() => new object(); public static object Schedule(NotebookKit.Schedules.ISchedule s) => s; }
            }
            namespace NotebookKit.Training { public static class LearningRateFinder { } public sealed class RangeTestOptions { } }
            """,
        // Console in the library, and a Keras (epoch, lr) function called by the trainer itself.
        ["TrainerPrintsAndCallsKeras"] = """
            namespace NotebookKit.Training
            {
                public sealed class Trainer
                {
                    public System.Func<int, double, double>? LearningRateFunction { get; set; }
                    public double Fit() { System.Console.WriteLine("epoch 1"); return LearningRateFunction!(0, 0.1); }
                }
            }
            namespace NotebookKit.Schedules
            {
                public sealed class LearningRateSchedulerCallback { public double OnEpochBegin(System.Func<int, double, double> f) => f(0, 0.1); }
            }
            """,
        // Two SIMD path enums with two Resolve rules, and hardware checks inside a kernel.
        ["TwoSimdRules"] = """
            namespace NotebookKit.Nn.Kernels
            {
                public enum KernelPath { Auto, Scalar, Vector256, Vector512 }
                public static class Gemm { internal static KernelPath Resolve(KernelPath p) => System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? KernelPath.Vector512 : p; }
            }
            namespace NotebookKit.Optim.Kernels
            {
                public enum SimdPath { Auto, Vector256, Scalar }
                public static class UpdateEngine { public static SimdPath Resolve(SimdPath p) => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? SimdPath.Auto : p; }
            }
            """,
        // MaxPool2d holding raw AVX intrinsics in a layer, and Elementwise repeating its own vector loop.
        ["IntrinsicsInALayer"] = """
            namespace NotebookKit.Nn.Layers
            {
                public sealed class MaxPool2d
                {
                    public static System.Runtime.Intrinsics.Vector256<float> Max(System.Runtime.Intrinsics.Vector256<float> a, System.Runtime.Intrinsics.Vector256<float> b) =>
                        System.Runtime.Intrinsics.X86.Avx.Max(a, b);
                }
            }
            namespace NotebookKit.Nn.Kernels
            {
                public static class Elementwise
                {
                    public static void Relu(float[] x)
                    {
                        int i = 0;
                        for (; i + 8 <= x.Length; i += 8)
                        {
                            var relu = System.Runtime.Intrinsics.Vector256.Max(System.Runtime.Intrinsics.Vector256.Create(x, i), System.Runtime.Intrinsics.Vector256<float>.Zero);
                            System.Runtime.Intrinsics.Vector256.CopyTo(relu, x, i);
                        }

                        for (; i < x.Length; i++) { x[i] = System.Math.Max(x[i], 0f); }
                    }
                }
            }
            """,
        // The PyTorch adapters keeping each group's initial rate in a static side table.
        ["SideTable"] = """
            namespace NotebookKit.Schedules.Torch
            {
                public static class InitialRates
                {
                    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, double[]> Table = new();
                    public static double[] Of(object group) => Table.GetValue(group, _ => new[] { 0.1 });
                }
            }
            """,
        // A hand-written spec reader, and the CLI regrouping optimizers by switching on their types.
        ["SpecReaderAndCliSwitch"] = """
            namespace NotebookKit.Optim
            {
                public sealed class Sgd : IOptimizer { }
                public sealed class Adam : IOptimizer { }
                public static class OptimizerSpec
                {
                    public static double Lr(System.Text.Json.Nodes.JsonObject spec) =>
                        spec["lr"] is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? v.GetValue<double>() : 0.1;
                }
            }
            namespace NotebookKit.Cli.Commands
            {
                internal static class ScheduleTraceCommand
                {
                    public static string Regroup(NotebookKit.Optim.IOptimizer first) => first switch
                    {
                        NotebookKit.Optim.Sgd => "sgd",
                        NotebookKit.Optim.Adam => "adam",
                        _ => "other",
                    };
                }
            }
            """,
        // The runner reaching into layers and the training loop.
        ["RunnerTrains"] = """
            namespace NotebookKit.Nn.Layers { public sealed class Linear { } }
            namespace NotebookKit.Training { public sealed class Trainer2 { } }
            namespace NotebookKit.Notebooks
            {
                public static class NotebookRunner { public static object Warm() => new object[] { new NotebookKit.Nn.Layers.Linear(), new NotebookKit.Training.Trainer2() }; }
            }
            """,
    };

    private static readonly Lazy<string> Path = new(Compile);

    /// <summary>The compiled assembly's path (compiled once per test run into a temporary folder).</summary>
    public static string AssemblyPath => Path.Value;

    private static string Compile()
    {
        var trees = Findings.Values.Select(source => CSharpSyntaxTree.ParseText(source));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "NotebookKit.BadExample",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        string folder = Directory.CreateTempSubdirectory("nbkit-bad-example-").FullName;
        string path = System.IO.Path.Combine(folder, "NotebookKit.BadExample.dll");
        var result = compilation.Emit(path);
        if (!result.Success)
        {
            throw new InvalidOperationException("The bad example does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return path;
    }
}
