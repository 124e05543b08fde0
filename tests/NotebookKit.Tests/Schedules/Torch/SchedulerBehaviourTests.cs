using NotebookKit.Optim;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Tests.Schedules.Torch;

/// <summary>Behaviour beyond the golden traces: momentum kinds, fractional epochs, plateau rules, adapters.</summary>
public sealed class SchedulerBehaviourTests
{
    [Fact]
    public void CyclicLR_cycles_adam_beta1_like_sgd_momentum()
    {
        // Same numbers as the SGD momentum trace (PyTorch 1.13.1, Appendix A): current PyTorch cycles beta1 identically.
        var adam = new GroupsOptimizer(MomentumKind.Beta1, 0.9, 1.0);
        var s = new CyclicLR(adam, [0.1], [1.0], stepSizeUp: 2, stepSizeDown: 3);
        var betas = new List<double> { adam.Groups[0].Momentum };
        for (int i = 0; i < 5; i++)
        {
            s.Step();
            betas.Add(adam.Groups[0].Momentum);
        }

        Assert.Equal([0.9, 0.8500000000000001, 0.8, 0.8333333333333334, 0.8666666666666667, 0.9], betas);
    }

    [Fact]
    public void Momentum_cycling_needs_a_momentum_knob()
    {
        var adagrad = new GroupsOptimizer(MomentumKind.None, 0, 1.0);
        var e = Assert.Throws<ArgumentException>(() => new OneCycleLR(adagrad, [1.0], totalSteps: 10));
        Assert.Contains("cycle_momentum", e.Message, StringComparison.Ordinal);
        _ = new OneCycleLR(adagrad, [1.0], totalSteps: 10, cycleMomentum: false);
    }

    [Fact]
    public void Warm_restarts_fractional_epochs_match_pytorch()
    {
        // PyTorch 1.13.1 values.
        var opt = new GroupsOptimizer(1.0);
        var s = new CosineAnnealingWarmRestarts(opt, 4);
        s.Step(0.25);
        Assert.Equal(0.9903926402016152, opt.Groups[0].LearningRate, 15);
        s.Step(5.5);
        Assert.Equal(0.6913417161825449, opt.Groups[0].LearningRate, 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Step(-1.0));
    }

    [Fact]
    public void Warm_restarts_interleave_integer_and_explicit_epochs()
    {
        var a = new GroupsOptimizer(1.0);
        var s = new CosineAnnealingWarmRestarts(a, 3, 2);
        for (int i = 0; i < 20; i++)
        {
            s.Step();
        }

        s.Step(26.0);
        s.Step();
        Assert.Equal(Schedule.WarmRestarts(1.0, 3, 2).ValueAt(27), a.Groups[0].LearningRate, 15);
    }

    [Fact]
    public void Keras_plateau_reduces_after_patience_and_does_not_count_in_cooldown()
    {
        // Derived by hand from Keras's on_epoch_end (decrement cooldown, then test "in cooldown"): epoch 1 sets best;
        // epochs 2-3 are bad and the 2nd (= patience) reduces; cooldown=2: epoch 4 is not counted (counter 2 -> 1),
        // epoch 5 counts (counter 1 -> 0, wait 1), epoch 6 reduces (wait 2), epoch 7 is not counted.
        var opt = new GroupsOptimizer(1.0);
        var s = new ReduceLROnPlateau(opt, new PlateauOptions(factor: 0.5, patience: 2, threshold: 0, cooldown: 2, semantics: PlateauSemantics.Keras));
        var lrs = new List<double>();
        foreach (double m in new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 })
        {
            s.Step(m);
            lrs.Add(opt.Groups[0].LearningRate);
        }

        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25], lrs);
    }

    [Fact]
    public void Keras_plateau_stops_at_min_lr()
    {
        var opt = new GroupsOptimizer(1.0);
        var s = new ReduceLROnPlateau(opt, new PlateauOptions(factor: 0.1, patience: 1, threshold: 0, semantics: PlateauSemantics.Keras), [0.05]);
        foreach (double m in new[] { 1.0, 1.0, 1.0, 1.0 })
        {
            s.Step(m);
        }

        Assert.Equal(0.05, opt.Groups[0].LearningRate);
    }

    [Fact]
    public void ScheduleLR_drives_groups_from_a_pure_schedule()
    {
        var opt = new GroupsOptimizer(9.0, 9.0);
        var pure = Schedule.WarmupCosine(1.0, 3, 10);
        var s = new ScheduleLR(opt, pure);
        for (int t = 1; t <= 12; t++)
        {
            s.Step();
            Assert.Equal(pure.ValueAt(t), opt.Groups[1].LearningRate);
        }
    }

    [Fact]
    public void Keras_learning_rate_scheduler_callback_sets_every_group()
    {
        var opt = new GroupsOptimizer(0.5, 0.5);
        var cb = LearningRateSchedulerCallback.FromSchedule(Schedule.KerasStepDecay(0.1, 0.5, 2));
        Assert.Equal(0.1, cb.OnEpochBegin(0, opt));
        Assert.Equal(0.05, cb.OnEpochBegin(1, opt));
        Assert.Equal(0.05, opt.Groups[1].LearningRate);
        var bad = new LearningRateSchedulerCallback((_, _) => double.NaN);
        Assert.Throws<InvalidOperationException>(() => bad.OnEpochBegin(0, opt));
    }

    [Fact]
    public void Loading_another_schedulers_state_is_refused()
    {
        var opt = new GroupsOptimizer(1.0);
        var step = new StepLR(opt, 2);
        var exp = new ExponentialLR(new GroupsOptimizer(1.0), 0.9);
        var e = Assert.Throws<ArgumentException>(() => exp.LoadState(step.SaveState()));
        Assert.Contains("StepLR", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_rejects_children_of_another_optimizer()
    {
        var a = new GroupsOptimizer(1.0);
        var b = new GroupsOptimizer(1.0);
        var e = Assert.Throws<ArgumentException>(() => new SequentialLR(a, [new ConstantLR(a), new ExponentialLR(b, 0.9)], [2]));
        Assert.Contains("index 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_schedule_is_a_sealed_record()
    {
        var types = typeof(ISchedule).Assembly.GetTypes().Where(t => typeof(ISchedule).IsAssignableFrom(t) && !t.IsInterface).ToList();
        Assert.True(types.Count >= 20);
        foreach (var t in types)
        {
            Assert.True(t.IsSealed, $"{t.Name} is not sealed");
            Assert.NotNull(t.GetMethod("<Clone>$")); // the compiler's marker of a record
        }
    }
}
