using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Specs;

namespace NotebookKit.Optim;

/// <summary>Builds an optimizer from a JSON spec with PyTorch class and argument names (the <c>"optimizer"</c> of <c>nbkit optim trace</c>, <c>nbkit schedule trace</c> and <c>nbkit train</c>; docs/optimizers.md).</summary>
/// <remarks>
/// <para>Spec: <c>{"type": "AdamW", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.05, "amsgrad": false}</c>.
/// Types and their PyTorch arguments:</para>
/// <list type="bullet">
/// <item><c>SGD</c>: lr (required), momentum, dampening, weight_decay, nesterov, maximize.</item>
/// <item><c>Adam</c>, <c>AdamW</c>: lr, betas, eps, weight_decay, amsgrad, maximize.</item>
/// <item><c>RMSprop</c>: lr, alpha, eps, weight_decay, momentum, centered, maximize.</item>
/// <item><c>Adagrad</c>: lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize.</item>
/// </list>
/// <para>Kit extensions: <c>"SGDW"</c> (SGD with decoupled decay); <c>"weight_decay_mode"</c>: <c>"l2"</c> | <c>"decoupled"</c> |
/// <c>"scheduled"</c> (any type); <c>"no_decay_1d": true</c> (1-D parameters in a group with weight_decay 0, any type);
/// SGD/SGDW <c>"keras_decay"</c> (Keras legacy time-based <c>decay</c>) and <c>"keras_momentum": true</c> (Keras velocity form);
/// Adam/AdamW <c>"keras_epsilon": true</c> (Keras epsilon-hat placement). <c>"foreach"</c> and <c>"differentiable"</c> are accepted
/// and ignored (they do not change numbers). Every error is a <see cref="SpecException"/> naming the key path
/// (<c>optimizer.betas</c>) and the rule: an unknown key, a key written twice, <c>null</c> for <c>lr</c>, a wrong type or a value
/// PyTorch would reject.</para>
/// </remarks>
public static class OptimizerSpec
{
    /// <summary>The accepted <c>type</c> values.</summary>
    public static IReadOnlyList<string> Types { get; } = ["SGD", "SGDW", "Adam", "AdamW", "RMSprop", "Adagrad"];

    private static readonly string[] Common = ["lr", "weight_decay", "maximize", "weight_decay_mode", "no_decay_1d", "foreach", "differentiable"];

    /// <summary>Creates the optimizer <paramref name="spec"/> describes over <paramref name="parameters"/>; errors name <c>optimizer.KEY</c>.</summary>
    /// <exception cref="SpecException">A key is unknown, has the wrong type, or its value breaks a rule; the message names the key path.</exception>
    public static IOptimizer Create(JsonObject spec, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Create(new SpecReader(spec, "optimizer"), parameters);
    }

    /// <summary>Creates the optimizer the spec object being read describes, over <paramref name="parameters"/> in one group.</summary>
    /// <exception cref="SpecException">A key is unknown, has the wrong type, or its value breaks a rule; the message names the key path.</exception>
    public static IOptimizer Create(SpecReader spec, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Create(spec, [parameters], null);
    }

    /// <summary>
    /// Creates the optimizer with one parameter group per entry of <paramref name="groups"/>, all with the spec's options;
    /// <paramref name="learningRates"/> (one per group) replaces the spec's <c>lr</c> in each group (PyTorch per-group <c>lr</c>).
    /// </summary>
    /// <exception cref="SpecException">A key is unknown, has the wrong type, or its value breaks a rule; the message names the key path.</exception>
    public static IOptimizer Create(SpecReader spec, IReadOnlyList<IReadOnlyList<Parameter>> groups, IReadOnlyList<double>? learningRates)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0 || groups.Any(g => g is null || g.Count == 0))
        {
            throw new ArgumentException("optimizer got an empty parameter list.", nameof(groups));
        }

        if (learningRates is not null && learningRates.Count != groups.Count)
        {
            throw new ArgumentException($"{learningRates.Count} learning rates for {groups.Count} parameter groups.", nameof(learningRates));
        }

        string type = spec.OneOf("type", Types);
        var request = new Request(spec, groups, learningRates);
        return type switch
        {
            "SGD" or "SGDW" => CreateSgd(request, type),
            "Adam" => CreateAdam(request),
            "AdamW" => CreateAdamW(request),
            "RMSprop" => CreateRMSprop(request),
            _ => CreateAdagrad(request),
        };
    }

    private static IOptimizer CreateSgd(Request q, string type)
    {
        var r = q.Allow(type, "momentum", "dampening", "nesterov", "keras_decay", "keras_momentum");
        if (!r.Contains("lr"))
        {
            throw r.Error("lr", $"is required for {type} (PyTorch 1.13 has no default lr)");
        }

        var o = new SgdOptions(r.Number("lr"))
        {
            Momentum = r.Number("momentum", 0),
            Dampening = r.Number("dampening", 0),
            WeightDecay = r.Number("weight_decay", 0),
            Nesterov = r.Bool("nesterov", false),
            Maximize = r.Bool("maximize", false),
            WeightDecayMode = Mode(r) ?? (type == "SGDW" ? WeightDecayMode.Decoupled : WeightDecayMode.L2),
            KerasDecay = r.Number("keras_decay", 0),
            KerasMomentum = r.Bool("keras_momentum", false),
        };
        return r.Build(() => new Sgd(q.Groups(o)));
    }

    private static IOptimizer CreateAdam(Request q)
    {
        var r = q.Allow("Adam", "betas", "eps", "amsgrad", "keras_epsilon", "capturable", "fused");
        var (b1, b2) = Betas(r);
        var o = new AdamOptions(r.Number("lr", 1e-3))
        {
            Beta1 = b1 ?? 0.9,
            Beta2 = b2 ?? 0.999,
            Epsilon = r.Number("eps", 1e-8),
            WeightDecay = r.Number("weight_decay", 0),
            AmsGrad = r.Bool("amsgrad", false),
            Maximize = r.Bool("maximize", false),
            WeightDecayMode = Mode(r) ?? WeightDecayMode.L2,
            KerasEpsilon = r.Bool("keras_epsilon", false),
        };
        Ignored(r, "capturable", "fused");
        return r.Build(() => new Adam(q.Groups(o)));
    }

    private static IOptimizer CreateAdamW(Request q)
    {
        var r = q.Allow("AdamW", "betas", "eps", "amsgrad", "keras_epsilon", "capturable");
        var (b1, b2) = Betas(r);
        var o = new AdamWOptions(r.Number("lr", 1e-3))
        {
            Beta1 = b1 ?? 0.9,
            Beta2 = b2 ?? 0.999,
            Epsilon = r.Number("eps", 1e-8),
            WeightDecay = r.Number("weight_decay", 0.01),
            AmsGrad = r.Bool("amsgrad", false),
            Maximize = r.Bool("maximize", false),
            WeightDecayMode = Mode(r) ?? WeightDecayMode.Decoupled,
            KerasEpsilon = r.Bool("keras_epsilon", false),
        };
        Ignored(r, "capturable");
        return r.Build(() => new AdamW(q.Groups(o)));
    }

    private static IOptimizer CreateRMSprop(Request q)
    {
        var r = q.Allow("RMSprop", "alpha", "eps", "momentum", "centered");
        var o = new RMSpropOptions(r.Number("lr", 1e-2))
        {
            Alpha = r.Number("alpha", 0.99),
            Epsilon = r.Number("eps", 1e-8),
            WeightDecay = r.Number("weight_decay", 0),
            Momentum = r.Number("momentum", 0),
            Centered = r.Bool("centered", false),
            Maximize = r.Bool("maximize", false),
            WeightDecayMode = Mode(r) ?? WeightDecayMode.L2,
        };
        return r.Build(() => new RMSprop(q.Groups(o)));
    }

    private static IOptimizer CreateAdagrad(Request q)
    {
        var r = q.Allow("Adagrad", "lr_decay", "initial_accumulator_value", "eps");
        var o = new AdagradOptions(r.Number("lr", 1e-2))
        {
            LearningRateDecay = r.Number("lr_decay", 0),
            WeightDecay = r.Number("weight_decay", 0),
            InitialAccumulatorValue = r.Number("initial_accumulator_value", 0),
            Epsilon = r.Number("eps", 1e-10),
            Maximize = r.Bool("maximize", false),
            WeightDecayMode = Mode(r) ?? WeightDecayMode.L2,
        };
        return r.Build(() => new Adagrad(q.Groups(o)));
    }

    private static (double? Beta1, double? Beta2) Betas(SpecReader r)
    {
        JsonNode? node = r.Raw("betas");
        if (node is null)
        {
            return (null, null);
        }

        double[] betas = node is JsonArray { Count: 2 } ? r.NumberList("betas") : [];
        return betas.Length == 2
            ? (betas[0], betas[1])
            : throw r.Error("betas", $"must be a list of two numbers [beta1, beta2], got {SpecReader.Show(node)}");
    }

    private static WeightDecayMode? Mode(SpecReader r) => r.Raw("weight_decay_mode") is null ? null
        : r.OneOf("weight_decay_mode", ["l2", "decoupled", "scheduled"]) switch
        {
            "l2" => WeightDecayMode.L2,
            "decoupled" => WeightDecayMode.Decoupled,
            _ => WeightDecayMode.Scheduled,
        };

    /// <summary>Keys PyTorch accepts that do not change the numbers on a CPU: checked for type, then ignored.</summary>
    private static void Ignored(SpecReader r, params string[] keys)
    {
        foreach (string key in keys)
        {
            r.OptionalBool(key);
        }
    }

    /// <summary>One creation: the spec, the groups' parameters and their learning rates.</summary>
    private sealed class Request(SpecReader spec, IReadOnlyList<IReadOnlyList<Parameter>> groups, IReadOnlyList<double>? learningRates)
    {
        /// <summary>Refuses keys that are not arguments of <paramref name="type"/> (before reading, so a misspelling is named first).</summary>
        public SpecReader Allow(string type, params string[] specific)
        {
            string[] accepted = [.. Common, .. specific];
            spec.Accept(["type", .. accepted]);
            spec.RejectUnknown($"an argument of {type}", accepted);
            return spec;
        }

        /// <summary>The parameter groups with <paramref name="options"/> (and each group's learning rate, if given).</summary>
        public IReadOnlyList<ParameterGroup<T>> Groups<T>(T options)
            where T : class, IOptimizerOptions<T>
        {
            spec.Build(() =>
            {
                options.Validate();
                return options;
            });
            Ignored(spec, "foreach", "differentiable");
            bool split = spec.Bool("no_decay_1d", false);
            var result = new List<ParameterGroup<T>>();
            for (int i = 0; i < groups.Count; i++)
            {
                T groupOptions = learningRates is null ? options : options.WithLearningRate(learningRates[i]);
                result.AddRange(split
                    ? ParameterGroups.NoDecayForOneDimensional(groups[i], groupOptions)
                    : [new ParameterGroup<T>(groups[i], groupOptions)]);
            }

            return result;
        }
    }
}
