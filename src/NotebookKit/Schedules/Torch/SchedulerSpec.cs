using System.Text.Json.Nodes;
using NotebookKit.Specs;

namespace NotebookKit.Schedules.Torch;

/// <summary>Builds a scheduler from a JSON spec with PyTorch class and argument names (the <c>"scheduler"</c> of <c>nbkit schedule trace</c>, <c>nbkit train</c> and <c>nbkit optim trace</c>).</summary>
/// <remarks>
/// <para><c>{"type": "StepLR", "step_size": 30, "gamma": 0.1}</c>. All fifteen PyTorch 1.13 schedulers are accepted with
/// their argument names and defaults; <c>SequentialLR</c> and <c>ChainedScheduler</c> nest specs under
/// <c>"schedulers"</c>. <c>LambdaLR</c>/<c>MultiplicativeLR</c> take <c>"lr_lambda"</c> as a number (a constant factor)
/// or a schedule spec evaluated at the epoch, since a spec cannot carry a function. <c>ReduceLROnPlateau</c> also takes
/// <c>"semantics": "keras"</c>.</para>
/// <para>Keras schedules use Keras names (<c>ExponentialDecay</c>, <c>PiecewiseConstantDecay</c>, <c>PolynomialDecay</c>,
/// <c>InverseTimeDecay</c>, <c>CosineDecay</c>, <c>CosineDecayRestarts</c>, plus <c>StepDecay</c> and
/// <c>TimeBasedDecay</c>) and optax's <c>WarmupCosineDecay</c> (<c>init_value</c>, <c>peak_value</c>, <c>warmup_steps</c>,
/// <c>decay_steps</c> including the warm-up, <c>end_value</c>), ignore the optimizer's lr and are stepped per optimizer update through <see cref="ScheduleLR"/>.</para>
/// <para>Every error is a <see cref="SpecException"/> naming the key path (<c>scheduler.schedulers[1].step_size</c>) and the rule;
/// unknown keys, keys written twice and <c>null</c> for a required argument are refused. Integers must be written as integers, as
/// PyTorch's <c>isinstance(x, int)</c> checks demand.</para>
/// </remarks>
public static class SchedulerSpec
{
    private const string Example = "{\"type\": \"StepLR\", \"step_size\": 3}";
    private const string ArgumentsUse = "arguments use PyTorch/Keras names";

    /// <summary>The scheduler types a spec may name.</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
        "CosineAnnealingLR", "ChainedScheduler", "SequentialLR", "ReduceLROnPlateau", "CyclicLR", "OneCycleLR",
        "CosineAnnealingWarmRestarts", "ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay",
        "CosineDecay", "CosineDecayRestarts", "StepDecay", "TimeBasedDecay", "WarmupCosineDecay",
    ];

    /// <summary>The Keras (and optax) schedule types: pure schedules of the optimizer step.</summary>
    public static IReadOnlyList<string> ScheduleTypes { get; } =
    [
        "ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts",
        "StepDecay", "TimeBasedDecay", "WarmupCosineDecay",
    ];

    /// <summary>Builds the scheduler <paramref name="spec"/> describes, attached to <paramref name="optimizer"/>; errors name <c>scheduler.KEY</c>.</summary>
    /// <exception cref="SpecException">The spec breaks a rule; the message names the key path and the rule.</exception>
    public static IScheduler Create(JsonObject spec, IScheduledOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Create(new SpecReader(spec, "scheduler", integerLiterals: true), optimizer);
    }

    /// <summary>Builds the scheduler the spec object being read describes (errors name its key path).</summary>
    /// <exception cref="SpecException">The spec breaks a rule; the message names the key path and the rule.</exception>
    public static IScheduler Create(SpecReader spec, IScheduledOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(optimizer);
        return TypeOf(spec) == "ReduceLROnPlateau" ? Plateau(spec, optimizer) : CreateLR(spec, optimizer);
    }

    /// <summary>Builds a pure schedule from a Keras-named spec (<c>{"type": "CosineDecay", "initial_learning_rate": 0.1, ...}</c>); errors name <c>schedule.KEY</c>.</summary>
    /// <exception cref="SpecException">The spec breaks a rule; the message names the key path and the rule.</exception>
    public static ISchedule CreateSchedule(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return CreateSchedule(new SpecReader(spec, "schedule", integerLiterals: true));
    }

    /// <summary>Builds a pure schedule from the Keras-named spec object being read.</summary>
    /// <exception cref="SpecException">The spec breaks a rule; the message names the key path and the rule.</exception>
    public static ISchedule CreateSchedule(SpecReader spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string type = TypeOf(spec);
        if (!ScheduleTypes.Contains(type))
        {
            throw spec.Error("type", $"\"{type}\" is not a schedule type; expected one of {string.Join(", ", ScheduleTypes)}");
        }

        ISchedule s = spec.Build(() => KerasSchedule(spec, type)!, type);
        spec.RejectUnknown($"an argument of {type} ({ArgumentsUse})");
        return s;
    }

    /// <summary>Whether the scheduler cycles momentum or β1 (CyclicLR, OneCycleLR with cycle_momentum, or a container holding one).</summary>
    public static bool CyclesMomentum(IScheduler scheduler) => scheduler switch
    {
        CyclicLR c => c.CycleMomentum,
        OneCycleLR o => o.CycleMomentum,
        SequentialLR s => s.Schedulers.Any(CyclesMomentum),
        ChainedScheduler c => c.Schedulers.Any(CyclesMomentum),
        _ => false,
    };

    private static string TypeOf(SpecReader spec)
    {
        spec.Accept("name");
        string type = spec.String("type");
        return Types.Contains(type)
            ? type
            : throw spec.Error("type", $"unknown scheduler \"{type}\"; expected one of {string.Join(", ", Types)}");
    }

    private static LRScheduler CreateLR(SpecReader r, IScheduledOptimizer optimizer)
    {
        string type = TypeOf(r);
        int n = optimizer.Groups.Count;
        LRScheduler s = r.Build<LRScheduler>(() => type switch
        {
            "LambdaLR" => new LambdaLR(optimizer, Lambdas(r, n)),
            "MultiplicativeLR" => new MultiplicativeLR(optimizer, Lambdas(r, n)),
            "StepLR" => new StepLR(optimizer, r.Integer("step_size"), r.Number("gamma", 0.1)),
            "MultiStepLR" => new MultiStepLR(optimizer, r.IntegerList("milestones"), r.Number("gamma", 0.1)),
            "ConstantLR" => new ConstantLR(optimizer, r.Number("factor", 1.0 / 3), r.Integer("total_iters", 5)),
            "LinearLR" => new LinearLR(optimizer, r.Number("start_factor", 1.0 / 3), r.Number("end_factor", 1.0), r.Integer("total_iters", 5)),
            "ExponentialLR" => new ExponentialLR(optimizer, r.Number("gamma")),
            "PolynomialLR" => new PolynomialLR(optimizer, r.Integer("total_iters", 5), r.Number("power", 1.0)),
            "CosineAnnealingLR" => new CosineAnnealingLR(optimizer, r.Integer("T_max"), r.Number("eta_min", 0.0)),
            "CosineAnnealingWarmRestarts" => new CosineAnnealingWarmRestarts(optimizer, r.Integer("T_0"), r.Integer("T_mult", 1), r.Number("eta_min", 0.0)),
            "CyclicLR" => Cyclic(r, optimizer),
            "OneCycleLR" => OneCycle(r, optimizer),
            "SequentialLR" => new SequentialLR(optimizer, Children(r, optimizer), r.IntegerList("milestones")),
            "ChainedScheduler" => new ChainedScheduler(Children(r, optimizer)),
            _ => new ScheduleLR(optimizer, KerasSchedule(r, type)!, SchedulerInterval.Batch),
        }, type);
        r.RejectUnknown($"an argument of {type} ({ArgumentsUse})");
        return s;
    }

    private static Func<long, double>[] Lambdas(SpecReader r, int groups)
    {
        var node = r.Raw("lr_lambda") ?? throw r.Error("lr_lambda", "is required: a number (a constant factor) or a schedule spec");
        var items = node is JsonArray a ? a.ToArray() : [node];
        if (node is JsonArray && items.Length != groups)
        {
            throw r.Error("lr_lambda", $"Expected {groups} lr_lambdas, but got {items.Length}");
        }

        return items.Select((item, i) =>
        {
            string path = node is JsonArray ? SpecPath.Item(r.PathOf("lr_lambda"), i) : r.PathOf("lr_lambda");
            return item is JsonObject o
                ? CreateSchedule(new SpecReader(o, path, integerLiterals: true)).ValueAt
                : item is JsonValue
                    ? Constant(SpecReader.NumberAt(item, path))
                    : throw new SpecException(path, "must be a number (a constant factor) or a schedule spec such as {\"type\": \"ExponentialDecay\", ...}, since a spec cannot carry a function");
        }).ToArray();
    }

    private static Func<long, double> Constant(double c) => _ => c;

    private static CyclicLR Cyclic(SpecReader r, IScheduledOptimizer optimizer)
    {
        if (r.Has("scale_fn"))
        {
            throw r.Error("scale_fn", "cannot be given in a spec (a function); use \"mode\"");
        }

        string modeName = r.String("mode", "triangular");
        CyclicMode mode = modeName switch
        {
            "triangular" => CyclicMode.Triangular,
            "triangular2" => CyclicMode.Triangular2,
            "exp_range" => CyclicMode.ExpRange,
            _ => throw r.Error("mode", $"mode is invalid and scale_fn is None (\"mode\": \"{modeName}\"; expected triangular, triangular2 or exp_range)"),
        };
        r.OneOf("scale_mode", ["cycle", "iterations"], "cycle");
        return new CyclicLR(
            optimizer,
            PerGroup(r, "base_lr", optimizer),
            PerGroup(r, "max_lr", optimizer),
            r.Integer("step_size_up", 2000),
            r.OptionalInteger("step_size_down"),
            mode,
            r.Number("gamma", 1.0),
            null,
            CyclicScaleMode.Cycle,
            r.Bool("cycle_momentum", true),
            PerGroup(r, "base_momentum", optimizer, 0.8),
            PerGroup(r, "max_momentum", optimizer, 0.9));
    }

    private static OneCycleLR OneCycle(SpecReader r, IScheduledOptimizer optimizer)
    {
        if (r.Raw("total_steps") is { } ts && !SpecReader.IsIntegerLiteral(ts))
        {
            throw r.Error("total_steps", $"Expected positive integer total_steps, but got {ts.ToJsonString()}");
        }

        if (r.Raw("pct_start") is { } ps && SpecReader.IsIntegerLiteral(ps))
        {
            throw r.Error("pct_start", $"Expected float between 0 and 1 pct_start, but got {ps.ToJsonString()} (write it as a float, e.g. 1.0)");
        }

        if (!r.Has("total_steps") && r.Has("epochs") != r.Has("steps_per_epoch"))
        {
            throw r.Error("You must define either total_steps OR (epochs AND steps_per_epoch)");
        }

        var strategy = r.Raw("anneal_strategy") is null || r.String("anneal_strategy") == "cos" ? OneCycleAnnealStrategy.Cos
            : r.String("anneal_strategy") == "linear" ? OneCycleAnnealStrategy.Linear
            : throw r.Error("anneal_strategy", $"anneal_strategy must be one of 'cos' or 'linear', instead got {r.String("anneal_strategy")}");
        return new OneCycleLR(
            optimizer,
            PerGroup(r, "max_lr", optimizer),
            r.OptionalInteger("total_steps"),
            r.OptionalInteger("epochs"),
            r.OptionalInteger("steps_per_epoch"),
            r.Number("pct_start", 0.3),
            strategy,
            r.Bool("cycle_momentum", true),
            PerGroup(r, "base_momentum", optimizer, 0.85),
            PerGroup(r, "max_momentum", optimizer, 0.95),
            r.Number("div_factor", 25.0),
            r.Number("final_div_factor", 1e4),
            r.Bool("three_phase", false));
    }

    /// <summary>A PyTorch per-group argument: one number (broadcast) or one per parameter group.</summary>
    private static double[] PerGroup(SpecReader r, string key, IScheduledOptimizer optimizer, double? fallback = null)
    {
        double[] values = r.NumberOrList(key, fallback);
        int groups = optimizer.Groups.Count;
        return r.Raw(key) is JsonArray && values.Length != groups
            ? throw r.Error(key, $"expected {groups} values for {key}, got {values.Length}")
            : values;
    }

    private static LRScheduler[] Children(SpecReader r, IScheduledOptimizer optimizer)
    {
        var list = r.List("schedulers", "a list of scheduler specs");
        var children = new LRScheduler[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            var child = r.Item("schedulers", list, i, Example);
            if (child.OptionalString("type") == "ReduceLROnPlateau")
            {
                throw child.Error($"ReduceLROnPlateau cannot be a child of {r.Json["type"]} (it needs metrics; current PyTorch rejects it too). Use PlateauScaledSchedule to combine a plateau with a schedule");
            }

            children[i] = CreateLR(child, optimizer);
        }

        return children;
    }

    private static ReduceLROnPlateau Plateau(SpecReader r, IScheduledOptimizer optimizer)
    {
        const string type = "ReduceLROnPlateau";
        var s = r.Build(() =>
        {
            double factor = r.Number("factor", 0.1);
            if (factor >= 1.0)
            {
                throw r.Error("factor", "Factor should be < 1.0.");
            }

            // PyTorch's own messages for a bad mode or threshold_mode (the golden tests compare them).
            string mode = r.String("mode", "min");
            string thresholdMode = r.String("threshold_mode", "rel");
            var options = new PlateauOptions(
                mode switch { "min" => PlateauMode.Min, "max" => PlateauMode.Max, _ => throw r.Error("mode", $"mode {mode} is unknown!") },
                factor,
                checked((int)r.Integer("patience", 10)),
                r.Number("threshold", 1e-4),
                thresholdMode switch { "rel" => PlateauThresholdMode.Relative, "abs" => PlateauThresholdMode.Absolute, _ => throw r.Error("threshold_mode", $"threshold mode {thresholdMode} is unknown!") },
                checked((int)r.Integer("cooldown", 0)),
                r.Number("eps", 1e-8),
                r.OneOf("semantics", ["pytorch", "keras"], "pytorch") == "pytorch" ? PlateauSemantics.PyTorch : PlateauSemantics.Keras);
            var minLr = r.Raw("min_lr") is JsonArray a && a.Count != optimizer.Groups.Count
                ? throw r.Error("min_lr", $"expected {optimizer.Groups.Count} min_lrs, got {a.Count}")
                : r.NumberOrList("min_lr", 0.0);
            return new ReduceLROnPlateau(optimizer, options, minLr);
        }, type);
        r.RejectUnknown($"an argument of {type} ({ArgumentsUse})");
        return s;
    }

    private static ISchedule? KerasSchedule(SpecReader r, string type) => type switch
    {
        "ExponentialDecay" => new ExponentialDecay(r.Number("initial_learning_rate"), r.Integer("decay_steps"), r.Number("decay_rate"), r.Bool("staircase", false)),
        "InverseTimeDecay" => new InverseTimeDecay(r.Number("initial_learning_rate"), r.Integer("decay_steps"), r.Number("decay_rate"), r.Bool("staircase", false)),
        "PiecewiseConstantDecay" => new PiecewiseConstantDecay(r.IntegerList("boundaries"), r.NumberOrList("values")),
        "PolynomialDecay" => new PolynomialDecay(r.Number("initial_learning_rate"), r.Integer("decay_steps"), r.Number("end_learning_rate", 1e-4), r.Number("power", 1.0), r.Bool("cycle", false)),
        "CosineDecay" => new CosineDecay(r.Number("initial_learning_rate"), r.Integer("decay_steps"), r.Number("alpha", 0.0), r.OptionalNumber("warmup_target"), r.Integer("warmup_steps", 0)),
        "CosineDecayRestarts" => new CosineDecayRestarts(r.Number("initial_learning_rate"), r.Integer("first_decay_steps"), r.Number("t_mul", 2.0), r.Number("m_mul", 1.0), r.Number("alpha", 0.0)),
        "StepDecay" => new StepDecay(r.Number("initial_learning_rate"), r.Number("factor", 0.25), r.Integer("drop_every", 5)),
        "TimeBasedDecay" => new TimeBasedDecay(r.Number("learning_rate"), r.Number("decay")),
        "WarmupCosineDecay" => Schedule.WarmupCosine(r.Number("peak_value"), r.Integer("warmup_steps"), r.Integer("decay_steps"), r.Number("init_value", 0.0), r.Number("end_value", 0.0)),
        _ => null,
    };
}
