using System.Text.Json;
using System.Text.Json.Nodes;

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
/// <para>Every error names the spec key and the rule; unknown keys are refused.</para>
/// </remarks>
public static class SchedulerSpec
{
    /// <summary>The scheduler types a spec may name.</summary>
    public static IReadOnlyList<string> Types { get; } =
    [
        "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
        "CosineAnnealingLR", "ChainedScheduler", "SequentialLR", "ReduceLROnPlateau", "CyclicLR", "OneCycleLR",
        "CosineAnnealingWarmRestarts", "ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay",
        "CosineDecay", "CosineDecayRestarts", "StepDecay", "TimeBasedDecay", "WarmupCosineDecay",
    ];

    /// <summary>Builds the scheduler <paramref name="spec"/> describes, attached to <paramref name="optimizer"/>.</summary>
    /// <exception cref="ArgumentException">The spec breaks a rule; the message names the key and the rule.</exception>
    public static IScheduler Create(JsonObject spec, IScheduledOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(optimizer);
        string type = TypeOf(spec);
        if (type == "ReduceLROnPlateau")
        {
            return Plateau(new SpecReader(spec, type), optimizer);
        }

        return CreateLR(spec, optimizer);
    }

    /// <summary>Builds a pure schedule from a Keras-named spec (<c>{"type": "CosineDecay", "initial_learning_rate": 0.1, ...}</c>).</summary>
    public static ISchedule CreateSchedule(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var r = new SpecReader(spec, TypeOf(spec));
        ISchedule s = Wrap(r, () => KerasSchedule(r) ?? throw new ArgumentException($"\"type\": \"{r.Type}\" is not a schedule type; expected one of ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts, StepDecay, TimeBasedDecay, WarmupCosineDecay."));
        r.RejectUnknown();
        return s;
    }

    private static string TypeOf(JsonObject spec)
    {
        var node = spec["type"];
        if (node is null || node.GetValueKind() != JsonValueKind.String)
        {
            throw new ArgumentException("scheduler spec: \"type\" is required and must be a string such as \"StepLR\".");
        }

        string type = node.GetValue<string>();
        if (!Types.Contains(type))
        {
            throw new ArgumentException($"scheduler spec: unknown \"type\": \"{type}\"; expected one of {string.Join(", ", Types)}.");
        }

        return type;
    }

    private static LRScheduler CreateLR(JsonObject spec, IScheduledOptimizer optimizer)
    {
        string type = TypeOf(spec);
        var r = new SpecReader(spec, type);
        int n = optimizer.Groups.Count;
        LRScheduler s = Wrap<LRScheduler>(r, () => type switch
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
            "SequentialLR" => Sequential(r, optimizer),
            "ChainedScheduler" => Chained(r, optimizer),
            _ => new ScheduleLR(optimizer, KerasSchedule(r)!, SchedulerInterval.Batch),
        });
        r.RejectUnknown();
        return s;
    }

    private static T Wrap<T>(SpecReader r, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            // Library exceptions carry .NET's "(Parameter 'x')" suffix; a spec user wrote PyTorch names, so drop it.
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            if (message == e.Message && message.StartsWith(r.Type, StringComparison.Ordinal))
            {
                throw;
            }

            throw new ArgumentException(message.StartsWith(r.Type, StringComparison.Ordinal) ? message : $"{r.Type}: {message}", e);
        }
    }

    private static Func<long, double>[] Lambdas(SpecReader r, int groups)
    {
        var node = r.Raw("lr_lambda") ?? throw r.Missing("lr_lambda");
        var items = node is JsonArray a ? a.ToArray() : [node];
        if (node is JsonArray && items.Length != groups)
        {
            throw new ArgumentException($"{r.Type}: Expected {groups} lr_lambdas, but got {items.Length}");
        }

        return items.Select(item => item switch
        {
            JsonObject o => CreateSchedule(o).ValueAt,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => Constant(v.GetValue<double>()),
            _ => throw r.Bad("lr_lambda", "must be a number (a constant factor) or a schedule spec such as {\"type\": \"ExponentialDecay\", ...}, since a spec cannot carry a function"),
        }).ToArray();
    }

    private static Func<long, double> Constant(double c) => _ => c;

    private static CyclicLR Cyclic(SpecReader r, IScheduledOptimizer optimizer)
    {
        int n = optimizer.Groups.Count;
        string mode = r.String("mode", "triangular");
        if (r.Has("scale_fn"))
        {
            throw r.Bad("scale_fn", "cannot be given in a spec (a function); use \"mode\"");
        }

        CyclicMode m = mode switch
        {
            "triangular" => CyclicMode.Triangular,
            "triangular2" => CyclicMode.Triangular2,
            "exp_range" => CyclicMode.ExpRange,
            _ => throw new ArgumentException($"{r.Type}: mode is invalid and scale_fn is None (\"mode\": \"{mode}\"; expected triangular, triangular2 or exp_range)"),
        };
        string scaleMode = r.String("scale_mode", "cycle");
        if (scaleMode is not ("cycle" or "iterations"))
        {
            throw r.Bad("scale_mode", "must be \"cycle\" or \"iterations\"");
        }

        return new CyclicLR(
            optimizer,
            r.NumberOrList("base_lr", n),
            r.NumberOrList("max_lr", n),
            r.Integer("step_size_up", 2000),
            r.OptionalInteger("step_size_down"),
            m,
            r.Number("gamma", 1.0),
            null,
            CyclicScaleMode.Cycle,
            r.Bool("cycle_momentum", true),
            r.NumberOrList("base_momentum", n, 0.8),
            r.NumberOrList("max_momentum", n, 0.9));
    }

    private static OneCycleLR OneCycle(SpecReader r, IScheduledOptimizer optimizer)
    {
        int n = optimizer.Groups.Count;
        if (r.Raw("total_steps") is { } ts && !SpecReader.IsIntegerLiteral(ts))
        {
            throw new ArgumentException($"{r.Type}: Expected positive integer total_steps, but got {ts.ToJsonString()}");
        }

        if (r.Raw("pct_start") is { } ps && SpecReader.IsIntegerLiteral(ps))
        {
            throw new ArgumentException($"{r.Type}: Expected float between 0 and 1 pct_start, but got {ps.ToJsonString()} (write it as a float, e.g. 1.0)");
        }

        if (!r.Has("total_steps") && r.Has("epochs") != r.Has("steps_per_epoch") && (r.Has("epochs") || r.Has("steps_per_epoch")))
        {
            throw new ArgumentException($"{r.Type}: You must define either total_steps OR (epochs AND steps_per_epoch)");
        }

        string anneal = r.String("anneal_strategy", "cos");
        var strategy = anneal switch
        {
            "cos" => OneCycleAnnealStrategy.Cos,
            "linear" => OneCycleAnnealStrategy.Linear,
            _ => throw new ArgumentException($"{r.Type}: anneal_strategy must be one of 'cos' or 'linear', instead got {anneal}"),
        };
        return new OneCycleLR(
            optimizer,
            r.NumberOrList("max_lr", n),
            r.OptionalInteger("total_steps"),
            r.OptionalInteger("epochs"),
            r.OptionalInteger("steps_per_epoch"),
            r.Number("pct_start", 0.3),
            strategy,
            r.Bool("cycle_momentum", true),
            r.NumberOrList("base_momentum", n, 0.85),
            r.NumberOrList("max_momentum", n, 0.95),
            r.Number("div_factor", 25.0),
            r.Number("final_div_factor", 1e4),
            r.Bool("three_phase", false));
    }

    private static LRScheduler[] Children(SpecReader r, IScheduledOptimizer optimizer)
    {
        var list = r.List("schedulers");
        var children = new LRScheduler[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject child)
            {
                throw r.Bad("schedulers", $"entry {i} must be a scheduler spec object");
            }

            if (child["type"]?.GetValueKind() == JsonValueKind.String && child["type"]!.GetValue<string>() == "ReduceLROnPlateau")
            {
                throw r.Bad("schedulers", $"entry {i}: ReduceLROnPlateau cannot be a child of {r.Type} (it needs metrics; current PyTorch rejects it too). Use PlateauScaledSchedule to combine a plateau with a schedule");
            }

            try
            {
                children[i] = CreateLR(child, optimizer);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{r.Type}: \"schedulers\"[{i}]: {e.Message}", e);
            }
        }

        return children;
    }

    private static SequentialLR Sequential(SpecReader r, IScheduledOptimizer optimizer) =>
        new(optimizer, Children(r, optimizer), r.IntegerList("milestones"));

    private static ChainedScheduler Chained(SpecReader r, IScheduledOptimizer optimizer) => new(Children(r, optimizer));

    private static ReduceLROnPlateau Plateau(SpecReader r, IScheduledOptimizer optimizer)
    {
        var s = Wrap(r, () =>
        {
            double factor = r.Number("factor", 0.1);
            if (factor >= 1.0)
            {
                throw new ArgumentException($"{r.Type}: Factor should be < 1.0.");
            }

            string mode = r.String("mode", "min");
            string thresholdMode = r.String("threshold_mode", "rel");
            string semantics = r.String("semantics", "pytorch");
            var options = new PlateauOptions(
                mode switch { "min" => PlateauMode.Min, "max" => PlateauMode.Max, _ => throw new ArgumentException($"{r.Type}: mode {mode} is unknown!") },
                factor,
                checked((int)r.Integer("patience", 10)),
                r.Number("threshold", 1e-4),
                thresholdMode switch { "rel" => PlateauThresholdMode.Relative, "abs" => PlateauThresholdMode.Absolute, _ => throw new ArgumentException($"{r.Type}: threshold mode {thresholdMode} is unknown!") },
                checked((int)r.Integer("cooldown", 0)),
                r.Number("eps", 1e-8),
                semantics switch { "pytorch" => PlateauSemantics.PyTorch, "keras" => PlateauSemantics.Keras, _ => throw r.Bad("semantics", "must be \"pytorch\" or \"keras\"") });
            var minLr = r.Raw("min_lr") is JsonArray a && a.Count != optimizer.Groups.Count
                ? throw new ArgumentException($"{r.Type}: expected {optimizer.Groups.Count} min_lrs, got {a.Count}")
                : r.NumberOrList("min_lr", 0.0);
            return new ReduceLROnPlateau(optimizer, options, minLr);
        });
        r.RejectUnknown();
        return s;
    }

    private static ISchedule? KerasSchedule(SpecReader r) => r.Type switch
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
