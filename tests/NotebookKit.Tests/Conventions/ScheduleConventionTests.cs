using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Training.RangeTest;

namespace NotebookKit.Tests.Conventions;

/// <summary>Every schedule is a sealed record, a pure function of the step, and named in its family.</summary>
public sealed class ScheduleConventionTests
{
    /// <summary>One instance of every schedule type in the library; a new schedule must add one here.</summary>
    public static readonly IReadOnlyList<ISchedule> Samples =
    [
        new ConstantSchedule(0.1),
        new StepSchedule(0.1, 7, 0.5),
        new MultiStepSchedule(0.1, [5, 20], 0.3),
        new ExponentialSchedule(0.1, 0.97),
        new LinearSchedule(0.01, 0.1, 30, 5),
        new PolynomialSchedule(0.1, 0.001, 2.0, 40, 3),
        new CosineAnnealingSchedule(0.1, 25, 0.001),
        new CosineWarmRestartsSchedule(0.1, 5, 2, 0.001, 0.8),
        new CyclicSchedule(0.01, 0.1, 6, 4, CyclicMode.ExpRange, 0.99),
        new OneCycleSchedule(0.1, 200),
        new WarmupSchedule(new CosineAnnealingSchedule(0.1, 50), 10, 0.001),
        new JoinedSchedule([new LinearSchedule(0.0, 0.1, 10), new StepSchedule(0.1, 10, 0.5)], [10]),
        new ProductSchedule(new ExponentialSchedule(1.0, 0.99), new CyclicSchedule(0.5, 1.5, 5)),
        new ScaledSchedule(new StepSchedule(1.0, 10), 0.1),
        new FuncSchedule(step => 0.1 / (1 + step), "1/(1+t)"),
        new ExponentialDecay(0.1, 10, 0.9, staircase: true),
        new PiecewiseConstantDecay([10, 30], [0.1, 0.01, 0.001]),
        new PolynomialDecay(0.1, 30, 1e-4, 0.5, cycle: true),
        new InverseTimeDecay(0.1, 10, 0.5),
        new CosineDecay(0.1, 40, 0.01, warmupTarget: 0.2, warmupSteps: 5),
        new CosineDecayRestarts(0.1, 8, 2.0, 0.9, 0.01),
        new StepDecay(0.1, 0.5, 10),
        new TimeBasedDecay(0.1, 0.01),
        new ExponentialSweep(1e-6, 1, 200),
    ];

    /// <summary>PyTorch's 15 <c>lr_scheduler</c> class names, and the kit's adapter for any schedule in PyTorch's style.</summary>
    private static readonly string[] PyTorchNames =
    [
        "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "SequentialLR",
        "CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau", "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR",
        "PolynomialLR", "ScheduleLR",
    ];

    private static IReadOnlyList<Type> Types => ScheduleRules.ScheduleTypes(ArchitectureTests.Library);

    [Fact]
    public void Every_schedule_type_has_a_sample() =>
        Assert.Empty(Types.Where(t => !Samples.Any(s => s.GetType() == t)).Select(t => t.FullName));

    [Fact]
    public void Every_schedule_is_a_sealed_record() =>
        Assert.Empty(ScheduleRules.NotSealedRecords(Types));

    [Fact]
    public void Value_at_does_not_depend_on_the_order_of_calls() =>
        Assert.Empty(Samples.Select(s => ScheduleRules.OrderDependence(s, 120)).OfType<string>());

    [Fact]
    public void Schedule_names_follow_their_family() =>
        Assert.Empty(ScheduleRules.NamesOutsideTheirFamily(Types));

    [Fact]
    public void PyTorch_adapters_carry_pytorch_names()
    {
        var adapters = typeof(LRScheduler).Assembly.GetTypes()
            .Where(t => typeof(IScheduler).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false, IsPublic: true });
        string[] notPyTorch = adapters.Select(t => t.Name).Except(PyTorchNames, StringComparer.Ordinal).ToArray();
        Assert.Empty(notPyTorch);
    }

    [Fact]
    public void The_checks_fail_on_a_schedule_that_breaks_them()
    {
        var stateful = new StatefulSchedule();
        Assert.StartsWith("StatefulSchedule.ValueAt(", ScheduleRules.OrderDependence(stateful, 10), StringComparison.Ordinal);
        Assert.Equal([$"{typeof(StatefulSchedule).FullName} is not sealed and not a record"], ScheduleRules.NotSealedRecords([typeof(StatefulSchedule)]));
        Assert.Empty(ScheduleRules.NotSealedRecords([typeof(ConstantSchedule)]));
        Assert.Equal(
            ["KerasWordsSchedule is a pure schedule but names InitialLearningRate in Keras's words (the pure family says …Value, …Steps)",
             "WarmCosine is in neither family: a pure schedule ends with Schedule, a Keras one keeps its Keras name"],
            ScheduleRules.NamesOutsideTheirFamily([typeof(KerasWordsSchedule), typeof(WarmCosine)], typeof(WarmCosine).Namespace!));
    }

    private sealed record KerasWordsSchedule(double InitialLearningRate) : ISchedule
    {
        public double ValueAt(long step) => InitialLearningRate;
    }

    private sealed record WarmCosine(double InitialValue) : ISchedule
    {
        public double ValueAt(long step) => InitialValue;
    }

    /// <summary>d2l's <c>FactorScheduler</c> mistake: the "schedule" multiplies its own state on every call.</summary>
    private class StatefulSchedule : ISchedule
    {
        private double rate = 1.0;

        public double ValueAt(long step) => rate *= 0.9;
    }
}
