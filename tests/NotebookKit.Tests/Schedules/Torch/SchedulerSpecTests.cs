using System.Text.Json.Nodes;
using NotebookKit.Schedules;
using NotebookKit.Schedules.Torch;
using NotebookKit.Specs;

namespace NotebookKit.Tests.Schedules.Torch;

/// <summary>Spec parsing: types, defaults and errors that name the key and the rule.</summary>
public sealed class SchedulerSpecTests
{
    private static IScheduler Create(string json, params double[] lrs) =>
        SchedulerSpec.Create(JsonNode.Parse(json)!.AsObject(), new GroupsOptimizer(lrs.Length == 0 ? [1.0] : lrs));

    private static string Error(string json, params double[] lrs) =>
        Assert.Throws<SpecException>(() => Create(json, lrs)).Message;

    [Fact]
    public void Unknown_key_is_named() =>
        Assert.Contains("scheduler.stepsize: is not an argument of StepLR", Error("""{"type": "StepLR", "step_size": 2, "stepsize": 3}"""), StringComparison.Ordinal);

    [Fact]
    public void Missing_required_key_is_named() =>
        Assert.Contains("scheduler.T_max: is required", Error("""{"type": "CosineAnnealingLR"}"""), StringComparison.Ordinal);

    [Fact]
    public void Non_integer_where_pytorch_wants_an_int() =>
        Assert.Contains("step_size", Error("""{"type": "StepLR", "step_size": 2.5}"""), StringComparison.Ordinal);

    [Fact]
    public void Nested_errors_say_which_child()
    {
        string e = Error("""{"type": "SequentialLR", "milestones": [2], "schedulers": [{"type": "ConstantLR"}, {"type": "StepLR", "step_size": -1}]}""");
        Assert.StartsWith("scheduler.schedulers[1].step_size: StepLR: step_size must be a positive integer, got -1", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Plateau_cannot_be_a_child() =>
        Assert.Contains("PlateauScaledSchedule", Error("""{"type": "ChainedScheduler", "schedulers": [{"type": "ReduceLROnPlateau"}]}"""), StringComparison.Ordinal);

    [Fact]
    public void Unknown_type_lists_the_choices() =>
        Assert.Contains("OneCycleLR", Error("""{"type": "OneCycle"}"""), StringComparison.Ordinal);

    [Fact]
    public void Keras_and_optax_types_run_per_step_from_their_own_values()
    {
        var s = (ScheduleLR)Create("""{"type": "WarmupCosineDecay", "peak_value": 1.0, "warmup_steps": 4, "decay_steps": 12, "end_value": 0.1}""", 5.0);
        Assert.Equal(SchedulerInterval.Batch, s.Interval);
        Assert.Equal(Schedule.WarmupCosine(1.0, 4, 12, 0, 0.1), s.Schedule);
        var k = (ScheduleLR)Create("""{"type": "CosineDecay", "initial_learning_rate": 0.5, "decay_steps": 10, "name": "cd"}""");
        Assert.Equal(0.5, k.LastLearningRates[0]);
    }

    [Fact]
    public void Keras_plateau_semantics_from_spec()
    {
        var p = (ReduceLROnPlateau)Create("""{"type": "ReduceLROnPlateau", "semantics": "keras", "patience": 3}""");
        Assert.Equal(PlateauSemantics.Keras, p.Tracker.Options.Semantics);
    }

    [Fact]
    public void Per_group_lists_must_match_the_groups() =>
        Assert.Contains("expected 2 values for max_lr, got 3", Error("""{"type": "OneCycleLR", "max_lr": [1, 2, 3], "total_steps": 10}""", 1.0, 1.0), StringComparison.Ordinal);
}
