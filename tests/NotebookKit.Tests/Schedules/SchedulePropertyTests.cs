using FsCheck;
using FsCheck.Fluent;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Tests.Schedules.Torch;

namespace NotebookKit.Tests.Schedules;

/// <summary>FsCheck properties: bounds, periodicity, ValueAt vs stepping, save/load continuation.</summary>
public sealed class SchedulePropertyTests
{
    [Fact]
    public void Cosine_stays_between_eta_min_and_initial() =>
        Prop.ForAll(Gen.Choose(1, 200).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (tMax, step) =>
        {
            double v = Schedule.Cosine(0.5, tMax, 0.01).ValueAt(step);
            return v >= 0.01 - 1e-15 && v <= 0.5 + 1e-15;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Cyclic_triangular_is_periodic_and_bounded() =>
        Prop.ForAll(Gen.Choose(1, 50).ToArbitrary(), Gen.Choose(1, 50).ToArbitrary(), Gen.Choose(0, 500).ToArbitrary(), (up, down, step) =>
        {
            var s = Schedule.Cyclic(0.1, 1.0, up, down);
            double a = s.ValueAt(step);
            double b = s.ValueAt(step + up + down);
            return Math.Abs(a - b) < 1e-12 && a >= 0.1 - 1e-12 && a <= 1.0 + 1e-12;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Warm_restarts_stay_in_bounds() =>
        Prop.ForAll(Gen.Choose(1, 20).ToArbitrary(), Gen.Choose(1, 3).ToArbitrary(), Gen.Choose(0, 2000).ToArbitrary(), (t0, mult, step) =>
        {
            double v = Schedule.WarmRestarts(1.0, t0, mult, 0.05).ValueAt(step);
            return v > 0.05 - 1e-15 && v <= 1.0 + 1e-15;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Stateful_scheduler_agrees_with_the_pure_schedule() =>
        Prop.ForAll(Gen.Choose(1, 30).ToArbitrary(), Gen.Choose(1, 60).ToArbitrary(), (stepSize, steps) =>
        {
            var opt = new GroupsOptimizer(0.3);
            var torch = new StepLR(opt, stepSize, 0.7);
            var pure = Schedule.Step(0.3, stepSize, 0.7);
            for (int t = 1; t <= steps; t++)
            {
                torch.Step();
                if (Math.Abs(opt.Groups[0].LearningRate - pure.ValueAt(t)) > 1e-12 * pure.ValueAt(t) + 1e-300)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void OneCycle_scheduler_agrees_with_its_schedule() =>
        Prop.ForAll(Gen.Choose(5, 200).ToArbitrary(), total =>
        {
            var opt = new GroupsOptimizer(MomentumKind.Momentum, 0.9, 1.0);
            var torch = new OneCycleLR(opt, [2.0], totalSteps: total, pctStart: 0.25);
            var pure = Schedule.OneCycle(2.0, total, 0.25);
            for (int t = 1; t < total; t++)
            {
                torch.Step();
                if (opt.Groups[0].LearningRate != pure.ValueAt(t) || opt.Groups[0].Momentum != pure.MomentumAt(t))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Cosine_annealing_scheduler_stays_within_1e_13_of_the_closed_form() =>
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), tMax =>
        {
            var opt = new GroupsOptimizer(0.7);
            var torch = new CosineAnnealingLR(opt, tMax, 0.01);
            var pure = Schedule.Cosine(0.7, tMax, 0.01);
            for (int t = 1; t <= 3 * tMax; t++)
            {
                torch.Step();
                if (Math.Abs(opt.Groups[0].LearningRate - pure.ValueAt(t)) > 1e-13)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Cyclic_and_warm_restart_schedulers_equal_their_schedules() =>
        Prop.ForAll(Gen.Choose(1, 20).ToArbitrary(), Gen.Choose(1, 20).ToArbitrary(), Gen.Choose(1, 3).ToArbitrary(), (up, down, mult) =>
        {
            var a = new GroupsOptimizer(MomentumKind.Momentum, 0.9, 1.0);
            var cyclic = new CyclicLR(a, [0.05], [0.5], up, down, CyclicMode.Triangular2);
            var cyclicPure = new CyclicSchedule(0.05, 0.5, up, down, CyclicMode.Triangular2);
            var momentumPure = new CyclicSchedule(0.8, 0.9, up, down, CyclicMode.Triangular2, inverted: true);
            var b = new GroupsOptimizer(1.0);
            var sgdr = new CosineAnnealingWarmRestarts(b, up, mult, 0.001);
            var sgdrPure = Schedule.WarmRestarts(1.0, up, mult, 0.001);
            for (int t = 1; t < 200; t++)
            {
                cyclic.Step();
                sgdr.Step();
                if (a.Groups[0].LearningRate != cyclicPure.ValueAt(t) || a.Groups[0].Momentum != momentumPure.ValueAt(t) || b.Groups[0].LearningRate != sgdrPure.ValueAt(t))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Plateau_save_load_continues_exactly() =>
        Prop.ForAll(Gen.Choose(0, 20).ToArbitrary(), Gen.ArrayOf(Gen.Choose(0, 3), 40).ToArbitrary(), (cut, noise) =>
        {
            double[] metrics = noise.Select((n, i) => 1.0 - (0.01 * (i / 5)) + (0.001 * n)).ToArray();
            var options = new PlateauOptions(factor: 0.5, patience: 1, cooldown: 1);
            var oa = new GroupsOptimizer(1.0, 0.3);
            var a = new ReduceLROnPlateau(oa, options, [0.01]);
            var ob = new GroupsOptimizer(1.0, 0.3);
            var b = new ReduceLROnPlateau(ob, options, [0.01]);
            var pa = new PlateauScaledSchedule(Schedule.WarmupCosine(1, 3, 40), options);
            var pb = new PlateauScaledSchedule(Schedule.WarmupCosine(1, 3, 40), options);
            for (int i = 0; i < cut; i++)
            {
                a.Step(metrics[i]);
                pa.Report(metrics[i], i);
            }

            b.LoadState(System.Text.Json.Nodes.JsonNode.Parse(a.SaveState().ToJsonString())!.AsObject());
            pb.LoadState(System.Text.Json.Nodes.JsonNode.Parse(pa.SaveState().ToJsonString())!.AsObject());
            for (int i = cut; i < metrics.Length; i++)
            {
                a.Step(metrics[i]);
                b.Step(metrics[i]);
                pa.Report(metrics[i], i);
                pb.Report(metrics[i], i);
                if (!oa.Groups.Select(g => g.LearningRate).SequenceEqual(ob.Groups.Select(g => g.LearningRate)) || pa.ValueAt(i) != pb.ValueAt(i))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();

    public static TheoryData<string> Specs() =>
    [
        """{"type": "CosineAnnealingLR", "T_max": 7, "eta_min": 0.01}""",
        """{"type": "CyclicLR", "base_lr": 0.1, "max_lr": 1.0, "step_size_up": 3, "mode": "triangular2"}""",
        """{"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 40, "three_phase": true}""",
        """{"type": "CosineAnnealingWarmRestarts", "T_0": 3, "T_mult": 2}""",
        """{"type": "SequentialLR", "milestones": [4], "schedulers": [{"type": "LinearLR", "start_factor": 0.1, "total_iters": 4}, {"type": "CosineAnnealingLR", "T_max": 9}]}""",
        """{"type": "ChainedScheduler", "schedulers": [{"type": "LinearLR", "start_factor": 0.5, "total_iters": 3}, {"type": "ExponentialLR", "gamma": 0.9}]}""",
        """{"type": "MultiStepLR", "milestones": [3, 8]}""",
        """{"type": "ExponentialDecay", "initial_learning_rate": 0.5, "decay_steps": 3, "decay_rate": 0.5}""",
    ];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Save_load_continues_exactly(string json)
    {
        var spec = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Prop.ForAll(Gen.Choose(0, 30).ToArbitrary(), cut =>
        {
            var straight = new GroupsOptimizer(MomentumKind.Momentum, 0.9, 1.0);
            var a = (ILRScheduler)SchedulerSpec.Create((System.Text.Json.Nodes.JsonObject)spec.DeepClone(), straight);
            var resumedOpt = new GroupsOptimizer(MomentumKind.Momentum, 0.9, 1.0);
            var b = (ILRScheduler)SchedulerSpec.Create((System.Text.Json.Nodes.JsonObject)spec.DeepClone(), resumedOpt);
            for (int i = 0; i < cut; i++)
            {
                a.Step();
            }

            var saved = System.Text.Json.Nodes.JsonNode.Parse(a.SaveState().ToJsonString())!.AsObject();
            b.LoadState(saved);
            for (int i = cut; i < 39; i++)
            {
                a.Step();
                b.Step();
                if (straight.Groups[0].LearningRate != resumedOpt.Groups[0].LearningRate || straight.Groups[0].Momentum != resumedOpt.Groups[0].Momentum)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
