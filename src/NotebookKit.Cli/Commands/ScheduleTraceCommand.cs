using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit schedule trace FILE</c>: the learning rate (and momentum) a scheduler spec produces, step by step.</summary>
internal sealed class ScheduleTraceCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["schedule", "trace"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON spec, or a JSON array of specs (see DESIGN.md)." };
        var command = new Command("trace", "Trace the learning rate of scheduler specs, PyTorch 1.13 semantics: prints JSON, one result per spec.");
        command.Arguments.Add(file);
        command.SetAction(parseResult => CliApp.Guard(() =>
        {
            JsonNode? root = CliJson.ReadFile(parseResult.GetValue(file)!);
            JsonNode result = root is JsonArray batch
                ? new JsonArray(batch.Select(entry => (JsonNode?)Trace(entry)).ToArray())
                : Trace(root);
            Console.WriteLine(result.ToJsonString(CliJson.Output));
            return 0;
        }));
        return command;
    }

    /// <summary>Traces one spec; a broken spec gives <c>{"error": ...}</c> instead of failing the batch.</summary>
    internal static JsonObject Trace(JsonNode? entry)
    {
        try
        {
            return TraceOrThrow(entry as JsonObject ?? throw new ArgumentException("each spec must be a JSON object."));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            return new JsonObject { ["error"] = e.Message };
        }
    }

    private static JsonObject TraceOrThrow(JsonObject spec)
    {
        foreach (var (key, _) in spec)
        {
            if (key is not ("lr" or "optimizer" or "scheduler" or "steps" or "metrics"))
            {
                throw new ArgumentException($"unknown key \"{key}\" (expected lr, optimizer, scheduler, steps, metrics).");
            }
        }

        var lrNode = spec["lr"];
        bool perGroup = lrNode is JsonArray;
        double[] lrs = lrNode switch
        {
            null => [0.1],
            JsonArray a when a.Count > 0 => a.Select(n => Number(n, "lr")).ToArray(),
            JsonArray => throw new ArgumentException("\"lr\" must be a number or a non-empty list of numbers (one per parameter group)."),
            _ => [Number(lrNode, "lr")],
        };
        foreach (double lr in lrs)
        {
            if (!double.IsFinite(lr) || lr < 0)
            {
                throw new ArgumentException($"\"lr\" must be finite and non-negative, got {lr}.");
            }
        }

        var optimizerSpec = spec["optimizer"] is null ? new JsonObject() : (spec["optimizer"] as JsonObject)?.DeepClone().AsObject()
            ?? throw new ArgumentException("\"optimizer\" must be an object such as {\"type\": \"SGD\", \"momentum\": 0.9}.");
        var optimizer = CreateOptimizer(optimizerSpec, lrs);
        var schedulerSpec = spec["scheduler"] as JsonObject ?? throw new ArgumentException("\"scheduler\" is required and must be an object such as {\"type\": \"StepLR\", \"step_size\": 3}.");
        var stepsNode = spec["steps"] ?? throw new ArgumentException("\"steps\" is required: the number of optimizer steps to trace.");
        double stepsValue = Number(stepsNode, "steps");
        if (stepsValue < 0 || stepsValue != Math.Floor(stepsValue) || stepsValue > 10_000_000)
        {
            throw new ArgumentException($"\"steps\" must be a non-negative integer (at most 10000000), got {stepsNode.ToJsonString()}.");
        }

        int steps = (int)stepsValue;
        var scheduler = SchedulerSpec.Create(schedulerSpec, optimizer);
        double[]? metrics = null;
        if (spec["metrics"] is { } m)
        {
            metrics = (m as JsonArray ?? throw new ArgumentException("\"metrics\" must be a list of numbers.")).Select(n => Number(n, "metrics")).ToArray();
        }

        if (scheduler is IMetricScheduler && (metrics is null || metrics.Length < steps))
        {
            throw new ArgumentException($"ReduceLROnPlateau needs one metric per step: \"metrics\" has {metrics?.Length ?? 0} values, \"steps\" is {steps}.");
        }

        bool momentum = CyclesMomentum(scheduler);
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
            switch (scheduler)
            {
                case IMetricScheduler plateau:
                    plateau.Step(metrics![i]);
                    break;
                case ILRScheduler lr:
                    lr.Step();
                    break;
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

    private static bool CyclesMomentum(IScheduler scheduler) => scheduler switch
    {
        CyclicLR c => c.CycleMomentum,
        OneCycleLR o => o.CycleMomentum,
        SequentialLR s => s.Schedulers.Any(CyclesMomentum),
        ChainedScheduler c => c.Schedulers.Any(CyclesMomentum),
        _ => false,
    };

    private static JsonArray Values(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static double Number(JsonNode? node, string key) =>
        node is not null && node.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>() : throw new ArgumentException($"\"{key}\" must be a number, got {node?.ToJsonString() ?? "null"}.");

    /// <summary>
    /// The real optimizer the spec names (default plain SGD), with one one-element parameter per group and the trace's
    /// "lr" per group. Its parameters have zero gradients; only the groups' lr and momentum/beta1 matter here.
    /// </summary>
    private static IOptimizer CreateOptimizer(JsonObject spec, double[] lrs)
    {
        spec["type"] ??= "SGD";
        spec["lr"] = lrs[0];
        IOptimizer first = OptimizerSpec.Create(spec, [new Parameter("group0.p", 1)]);
        if (lrs.Length == 1)
        {
            return first;
        }

        return first switch
        {
            Sgd o => new Sgd(Regroup(o.ParameterGroups[0].Options, lrs, (x, lr) => x with { LearningRate = lr })),
            AdamW o => new AdamW(Regroup(o.ParameterGroups[0].Options, lrs, (x, lr) => x with { LearningRate = lr })),
            Adam o => new Adam(Regroup(o.ParameterGroups[0].Options, lrs, (x, lr) => x with { LearningRate = lr })),
            RMSprop o => new RMSprop(Regroup(o.ParameterGroups[0].Options, lrs, (x, lr) => x with { LearningRate = lr })),
            Adagrad o => new Adagrad(Regroup(o.ParameterGroups[0].Options, lrs, (x, lr) => x with { LearningRate = lr })),
            _ => throw new ArgumentException($"\"lr\" lists (several parameter groups) are not supported for optimizer {spec["type"]}."),
        };
    }

    private static IEnumerable<ParameterGroup<T>> Regroup<T>(T options, double[] lrs, Func<T, double, T> withLr)
        where T : class, IOptimizerOptions =>
        lrs.Select((lr, i) => new ParameterGroup<T>([new Parameter($"group{i}.p", 1)], withLr(options, lr))).ToArray();
}
