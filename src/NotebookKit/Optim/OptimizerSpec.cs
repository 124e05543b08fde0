using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Nn;

namespace NotebookKit.Optim;

/// <summary>Builds an optimizer from a JSON spec with PyTorch class and argument names (DESIGN.md, "Machine interfaces").</summary>
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
/// and ignored (they do not change numbers). Any other key is an error naming it.</para>
/// </remarks>
public static class OptimizerSpec
{
    /// <summary>The accepted <c>type</c> values.</summary>
    public static IReadOnlyList<string> Types { get; } = ["SGD", "SGDW", "Adam", "AdamW", "RMSprop", "Adagrad"];

    private static readonly string[] Common = ["type", "lr", "weight_decay", "maximize", "weight_decay_mode", "no_decay_1d", "foreach", "differentiable"];

    /// <summary>Creates the optimizer <paramref name="spec"/> describes over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">A key is unknown, has the wrong type, or its value breaks a rule; the message names the key.</exception>
    public static IOptimizer Create(JsonObject spec, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw new ArgumentException("optimizer got an empty parameter list.", nameof(parameters));
        }

        string type = spec["type"] is JsonValue t && t.TryGetValue(out string? s) ? s
            : throw new ArgumentException($"optimizer.type is required: one of {string.Join(", ", Types)}.");
        var reader = new Reader(spec, type);
        try
        {
            return type switch
            {
                "SGD" or "SGDW" => CreateSgd(reader, type, parameters),
                "Adam" => CreateAdam(reader, parameters),
                "AdamW" => CreateAdamW(reader, parameters),
                "RMSprop" => CreateRMSprop(reader, parameters),
                "Adagrad" => CreateAdagrad(reader, parameters),
                _ => throw new ArgumentException($"optimizer.type '{type}' is not supported: use one of {string.Join(", ", Types)}.", nameof(spec)),
            };
        }
        catch (ArgumentException e)
        {
            // Callers print one line: drop .NET's "(Parameter 'x')" suffix, the message already names the key.
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new ArgumentException(message.StartsWith("optimizer", StringComparison.Ordinal) ? message : $"optimizer ({type}): {message}", e);
        }
    }

    private static IOptimizer CreateSgd(Reader r, string type, IReadOnlyList<Parameter> parameters)
    {
        r.Allow("momentum", "dampening", "nesterov", "keras_decay", "keras_momentum");
        var o = new SgdOptions(r.Number("lr") ?? throw new ArgumentException("optimizer.lr is required for SGD (PyTorch 1.13 has no default lr).", "lr"))
        {
            Momentum = r.Number("momentum") ?? 0,
            Dampening = r.Number("dampening") ?? 0,
            WeightDecay = r.Number("weight_decay") ?? 0,
            Nesterov = r.Bool("nesterov") ?? false,
            Maximize = r.Bool("maximize") ?? false,
            WeightDecayMode = r.Mode() ?? (type == "SGDW" ? WeightDecayMode.Decoupled : WeightDecayMode.L2),
            KerasDecay = r.Number("keras_decay") ?? 0,
            KerasMomentum = r.Bool("keras_momentum") ?? false,
        };
        return new Sgd(Groups(r, parameters, o));
    }

    private static IOptimizer CreateAdam(Reader r, IReadOnlyList<Parameter> parameters)
    {
        r.Allow("betas", "eps", "amsgrad", "keras_epsilon", "capturable", "fused");
        var (b1, b2) = r.Betas();
        var o = new AdamOptions(r.Number("lr") ?? 1e-3)
        {
            Beta1 = b1 ?? 0.9,
            Beta2 = b2 ?? 0.999,
            Epsilon = r.Number("eps") ?? 1e-8,
            WeightDecay = r.Number("weight_decay") ?? 0,
            AmsGrad = r.Bool("amsgrad") ?? false,
            Maximize = r.Bool("maximize") ?? false,
            WeightDecayMode = r.Mode() ?? WeightDecayMode.L2,
            KerasEpsilon = r.Bool("keras_epsilon") ?? false,
        };
        r.Ignored("capturable", "fused");
        return new Adam(Groups(r, parameters, o));
    }

    private static IOptimizer CreateAdamW(Reader r, IReadOnlyList<Parameter> parameters)
    {
        r.Allow("betas", "eps", "amsgrad", "keras_epsilon", "capturable");
        var (b1, b2) = r.Betas();
        var o = new AdamWOptions(r.Number("lr") ?? 1e-3)
        {
            Beta1 = b1 ?? 0.9,
            Beta2 = b2 ?? 0.999,
            Epsilon = r.Number("eps") ?? 1e-8,
            WeightDecay = r.Number("weight_decay") ?? 0.01,
            AmsGrad = r.Bool("amsgrad") ?? false,
            Maximize = r.Bool("maximize") ?? false,
            WeightDecayMode = r.Mode() ?? WeightDecayMode.Decoupled,
            KerasEpsilon = r.Bool("keras_epsilon") ?? false,
        };
        r.Ignored("capturable");
        return new AdamW(Groups(r, parameters, o));
    }

    private static IOptimizer CreateRMSprop(Reader r, IReadOnlyList<Parameter> parameters)
    {
        r.Allow("alpha", "eps", "momentum", "centered");
        var o = new RMSpropOptions(r.Number("lr") ?? 1e-2)
        {
            Alpha = r.Number("alpha") ?? 0.99,
            Epsilon = r.Number("eps") ?? 1e-8,
            WeightDecay = r.Number("weight_decay") ?? 0,
            Momentum = r.Number("momentum") ?? 0,
            Centered = r.Bool("centered") ?? false,
            Maximize = r.Bool("maximize") ?? false,
            WeightDecayMode = r.Mode() ?? WeightDecayMode.L2,
        };
        return new RMSprop(Groups(r, parameters, o));
    }

    private static IOptimizer CreateAdagrad(Reader r, IReadOnlyList<Parameter> parameters)
    {
        r.Allow("lr_decay", "initial_accumulator_value", "eps");
        var o = new AdagradOptions(r.Number("lr") ?? 1e-2)
        {
            LearningRateDecay = r.Number("lr_decay") ?? 0,
            WeightDecay = r.Number("weight_decay") ?? 0,
            InitialAccumulatorValue = r.Number("initial_accumulator_value") ?? 0,
            Epsilon = r.Number("eps") ?? 1e-10,
            Maximize = r.Bool("maximize") ?? false,
            WeightDecayMode = r.Mode() ?? WeightDecayMode.L2,
        };
        return new Adagrad(Groups(r, parameters, o));
    }

    private static IReadOnlyList<ParameterGroup<T>> Groups<T>(Reader r, IReadOnlyList<Parameter> parameters, T options)
        where T : class, IOptimizerOptions<T>
    {
        options.Validate();
        r.Ignored("foreach", "differentiable");
        return r.Bool("no_decay_1d") ?? false
            ? ParameterGroups.NoDecayForOneDimensional(parameters, options)
            : [new ParameterGroup<T>(parameters, options)];
    }

    /// <summary>Typed access to the spec's keys, with messages that name the key and the rule.</summary>
    private sealed class Reader
    {
        private readonly JsonObject spec;
        private readonly string type;

        public Reader(JsonObject spec, string type)
        {
            this.spec = spec;
            this.type = type;
        }

        public void Allow(params string[] specific)
        {
            foreach (var (key, _) in spec)
            {
                if (!Common.Contains(key) && !specific.Contains(key))
                {
                    throw new ArgumentException(
                        $"optimizer.{key} is not an argument of {type}; accepted: {string.Join(", ", Common.Skip(1).Concat(specific).Order(StringComparer.Ordinal))}.", key);
                }
            }
        }

        public double? Number(string key)
        {
            JsonNode? node = spec[key];
            if (node is null)
            {
                return null;
            }

            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                return v.GetValue<double>();
            }

            throw new ArgumentException($"optimizer.{key} must be a number, got {node.ToJsonString()}.", key);
        }

        public bool? Bool(string key)
        {
            JsonNode? node = spec[key];
            if (node is null)
            {
                return null;
            }

            return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? v.GetValue<bool>()
                : throw new ArgumentException($"optimizer.{key} must be true or false, got {node.ToJsonString()}.", key);
        }

        public (double? Beta1, double? Beta2) Betas()
        {
            JsonNode? node = spec["betas"];
            if (node is null)
            {
                return (null, null);
            }

            if (node is JsonArray a && a.Count == 2 && a.All(x => x is JsonValue xv && xv.GetValueKind() == JsonValueKind.Number))
            {
                return (a[0]!.GetValue<double>(), a[1]!.GetValue<double>());
            }

            throw new ArgumentException($"optimizer.betas must be a list of two numbers [beta1, beta2], got {node.ToJsonString()}.", "betas");
        }

        public WeightDecayMode? Mode()
        {
            JsonNode? node = spec["weight_decay_mode"];
            if (node is null)
            {
                return null;
            }

            string? s = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            return s switch
            {
                "l2" => WeightDecayMode.L2,
                "decoupled" => WeightDecayMode.Decoupled,
                "scheduled" => WeightDecayMode.Scheduled,
                _ => throw new ArgumentException($"optimizer.weight_decay_mode must be \"l2\", \"decoupled\" or \"scheduled\", got {node.ToJsonString()}.", "weight_decay_mode"),
            };
        }

        /// <summary>Keys PyTorch accepts that do not change the numbers on a CPU: checked for type, then ignored.</summary>
        public void Ignored(params string[] keys)
        {
            foreach (string key in keys)
            {
                JsonNode? node = spec[key];
                if (node is not null && !(node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False))
                {
                    throw new ArgumentException($"optimizer.{key} must be true, false or null, got {node.ToJsonString()}.", key);
                }
            }
        }
    }
}
