using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Schedules.Torch;
using NotebookKit.Specs;

namespace NotebookKit.Optim.Traces;

/// <summary>
/// The learning rate (and momentum) a scheduler spec produces on a real optimizer, step by step, in PyTorch's loop
/// (<c>nbkit schedule trace</c>; docs/schedules.md).
/// </summary>
/// <remarks>
/// <para>Spec: <c>{"lr": 0.1, "optimizer": {"type": "SGD", "momentum": 0.9}, "scheduler": {"type": "OneCycleLR", ...},
/// "steps": 99, "metrics": [...]}</c>. <c>lr</c> is a number or one number per parameter group; <c>optimizer</c> defaults to
/// plain SGD and uses the optimizer spec's names (its <c>lr</c> is replaced by the trace's); <c>metrics[i]</c> goes to
/// ReduceLROnPlateau at step i.</para>
/// <para>Result: <c>{"lr": [v0, ..., v_steps]}</c>, v0 after construction and v_i after the i-th
/// <c>optimizer.step(); scheduler.step()</c> (a list per step when <c>lr</c> was a list), plus <c>"momentum"</c> when the
/// scheduler cycles it.</para>
/// </remarks>
public static class ScheduleTrace
{
    /// <summary>The most steps one trace may ask for.</summary>
    public const long MaxSteps = 10_000_000;

    private static readonly string[] Keys = ["lr", "optimizer", "scheduler", "steps", "metrics"];

    /// <summary>
    /// The most learning-rate values one document may ask for: <c>steps</c> + 1 per parameter group, summed over its
    /// specs (one single-group trace of <see cref="MaxSteps"/> steps). Each value is held until the document is printed,
    /// so a few kilobytes of JSON (1,000 groups x 10^7 steps, or 30 specs of 10^7 steps) would otherwise ask for tens of
    /// gigabytes.
    /// </summary>
    internal const long MaxValues = MaxSteps + 1;

    /// <summary>Traces a document holding one spec or a list of specs; a broken spec gives <c>{"error": "..."}</c> in its slot.</summary>
    /// <returns>One result, or a list of results in the specs' order.</returns>
    /// <exception cref="SpecException">The document asks for more than <see cref="MaxValues"/> values in total (checked before any tracing).</exception>
    public static JsonNode Run(JsonNode? document)
    {
        CheckSize(document);
        return document is JsonArray batch
            ? new JsonArray(batch.Select((entry, i) => (JsonNode?)TraceOrError(entry, "")).ToArray())
            : TraceOrError(document, "");
    }

    private static double? StepsOf(JsonObject spec)
    {
        try
        {
            return SpecReader.NumberAt(spec["steps"], "steps");
        }
        catch (SpecException)
        {
            return null;
        }
    }

    /// <summary>Refuses, before any work, a document whose traces together would exceed <see cref="MaxValues"/>.</summary>
    private static void CheckSize(JsonNode? document)
    {
        var specs = document is JsonArray batch ? batch.ToList() : [document];
        double total = 0;
        foreach (var spec in specs)
        {
            // Entries with unreadable steps or lr fail on their own later; only what they ask for counts here.
            if (spec is JsonObject o && StepsOf(o) is double n && n >= 0)
            {
                total += (Math.Min(n, MaxSteps) + 1) * (o["lr"] is JsonArray groups ? Math.Max(groups.Count, 1) : 1);
            }
        }

        if (total > MaxValues)
        {
            throw new SpecException(
                "",
                $"the document asks for {total.ToString("0", CultureInfo.InvariantCulture)} learning-rate values (\"steps\" + 1, times the parameter groups in \"lr\", summed over {specs.Count} spec{(specs.Count == 1 ? "" : "s")}), "
                + $"more than the {MaxValues} one document may trace; trace fewer steps or groups, or split the batch into several files");
        }
    }

    /// <summary>Traces one spec.</summary>
    /// <exception cref="SpecException">The spec breaks a rule; the message names the key path.</exception>
    /// <exception cref="InvalidOperationException">The scheduler refused a step (OneCycleLR stepped past its end).</exception>
    public static JsonObject Trace(JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var r = new SpecReader(spec, "");
        r.Accept(Keys);
        r.RejectUnknown("a trace key", Keys);
        double[] lrs = r.NumberOrList("lr", 0.1);
        bool perGroup = r.Raw("lr") is JsonArray;
        if (lrs.Length == 0)
        {
            throw r.Error("lr", "must be a number or a non-empty list of numbers (one per parameter group)");
        }

        if (lrs.Any(lr => !double.IsFinite(lr) || lr < 0))
        {
            throw r.Error("lr", $"must be finite and non-negative, got {SpecReader.Show(r.Raw("lr"))}");
        }

        var optimizer = CreateOptimizer(r, lrs);
        var schedulerSpec = r.Object("scheduler", "{\"type\": \"StepLR\", \"step_size\": 3}");
        var scheduler = SchedulerSpec.Create(new SpecReader(schedulerSpec.Json, schedulerSpec.Path, integerLiterals: true), optimizer);
        long steps = r.Integer("steps");
        if (steps is < 0 or > MaxSteps)
        {
            throw r.Error("steps", $"must be a non-negative integer (at most {MaxSteps}), got {steps}");
        }

        double[]? metrics = r.Has("metrics") ? r.NumberList("metrics") : null;
        if (scheduler is IMetricScheduler && (metrics is null || metrics.Length < steps))
        {
            throw r.Error("metrics", $"ReduceLROnPlateau needs one metric per step: \"metrics\" has {metrics?.Length ?? 0} values, \"steps\" is {steps}");
        }

        bool momentum = SchedulerSpec.CyclesMomentum(scheduler);
        var lrTrace = new JsonArray();
        var momentumTrace = new JsonArray();
        void Record()
        {
            lrTrace.Add(perGroup ? Values(optimizer.Groups.Select(g => g.LearningRate)) : JsonValue.Create(optimizer.Groups[0].LearningRate));
            if (momentum)
            {
                momentumTrace.Add(perGroup ? Values(optimizer.Groups.Select(g => g.Momentum)) : JsonValue.Create(optimizer.Groups[0].Momentum));
            }
        }

        Record();
        for (int i = 0; i < steps; i++)
        {
            optimizer.Step();
            if (scheduler is IMetricScheduler plateau)
            {
                plateau.Step(metrics![i]);
            }
            else
            {
                ((ILRScheduler)scheduler).Step();
            }

            Record();
        }

        var result = new JsonObject { ["lr"] = lrTrace };
        if (momentum)
        {
            result["momentum"] = momentumTrace;
        }

        return result;
    }

    private static JsonObject TraceOrError(JsonNode? entry, string path)
    {
        try
        {
            return Trace(entry as JsonObject ?? throw new SpecException(path, $"each spec must be a JSON object such as {{\"scheduler\": {{\"type\": \"StepLR\", \"step_size\": 3}}, \"steps\": 10}}, got {SpecReader.Show(entry)}"));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            return new JsonObject { ["error"] = e.Message };
        }
    }

    /// <summary>
    /// The optimizer the spec names (default plain SGD) with one one-element parameter per group and the trace's lr per
    /// group. Its gradients stay zero: only the groups' lr and momentum/β1 matter here.
    /// </summary>
    private static IOptimizer CreateOptimizer(SpecReader r, double[] lrs)
    {
        JsonObject spec = r.OptionalObject("optimizer", "{\"type\": \"SGD\", \"momentum\": 0.9}")?.Json.DeepClone().AsObject() ?? [];
        spec["type"] ??= "SGD";
        spec["lr"] = lrs[0];
        IReadOnlyList<Parameter>[] groups = lrs.Select((_, i) => (IReadOnlyList<Parameter>)[new Parameter($"group{i}.p", 1)]).ToArray();
        return OptimizerSpec.Create(new SpecReader(spec, r.PathOf("optimizer")), groups, lrs.Length > 1 ? lrs : null);
    }

    private static JsonArray Values(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
