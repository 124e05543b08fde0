using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Optim;
using NotebookKit.Schedules.Torch;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit optim trace FILE</c>: every parameter tensor after every optimizer step, in float32 (DESIGN.md).</summary>
/// <remarks>
/// FILE: <c>{"optimizer": {...}, "params": [t0, t1, ...], "grads": [[g0, g1, ...], ...], "scheduler": {...}}</c> (scheduler optional, stepped after each optimizer step), where each tensor is a number
/// or a (nested, rectangular) list of numbers and <c>grads[i][k]</c> is tensor k's gradient at step i+1. Output:
/// <c>{"params": [[t0, t1, ...], ...]}</c>, one entry per step, each tensor in its input nesting.
/// </remarks>
internal sealed class OptimTraceCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["optim", "trace"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON spec: optimizer, params, grads (see DESIGN.md)." };
        var command = new Command("trace", "Run an optimizer on given parameters and per-step gradients; print every tensor after every step as JSON.");
        command.Arguments.Add(file);
        command.SetAction(parseResult => CliApp.Guard(() =>
        {
            FileInfo path = parseResult.GetValue(file)!;
            JsonNode? root = CliJson.ReadFile(path);
            Console.WriteLine(Trace(root as JsonObject ?? throw new InvalidDataException($"{path.Name}: expected a JSON object with optimizer, params and grads.")));
            return 0;
        }));
        return command;
    }

    /// <summary>Runs the trace and returns the result JSON.</summary>
    internal static string Trace(JsonObject spec)
    {
        foreach (var (key, _) in spec)
        {
            if (key is not ("optimizer" or "params" or "grads" or "scheduler"))
            {
                throw new ArgumentException($"'{key}' is not a trace key; expected optimizer, params, grads and optionally scheduler.");
            }
        }

        if (spec["optimizer"] is not JsonObject optimizerSpec)
        {
            throw new ArgumentException("'optimizer' is required and must be an object such as {\"type\": \"SGD\", \"lr\": 0.1}.");
        }

        if (spec["params"] is not JsonArray paramList || paramList.Count == 0)
        {
            throw new ArgumentException("'params' is required: a non-empty list of tensors (numbers or nested lists of numbers).");
        }

        if (spec["grads"] is not JsonArray gradSteps)
        {
            throw new ArgumentException("'grads' is required: a list with one entry per step, each a list of gradients shaped like 'params'.");
        }

        var parameters = new List<Parameter>();
        var shapes = new List<int[]>();
        for (int k = 0; k < paramList.Count; k++)
        {
            var (values, shape) = Flatten(paramList[k], $"params[{k}]");
            shapes.Add(shape);
            parameters.Add(new Parameter($"p{k}", values, shape.Length == 0 ? [1] : shape));
        }

        IOptimizer optimizer = OptimizerSpec.Create(optimizerSpec, parameters);
        ILRScheduler? scheduler = spec["scheduler"] switch
        {
            null => null,
            JsonObject s => CreateScheduler(s, optimizer),
            _ => throw new ArgumentException("'scheduler' must be an object such as {\"type\": \"StepLR\", \"step_size\": 2}."),
        };
        var result = new StringBuilder("{\"params\":[");
        for (int step = 0; step < gradSteps.Count; step++)
        {
            if (gradSteps[step] is not JsonArray grads || grads.Count != parameters.Count)
            {
                throw new ArgumentException($"grads[{step}] must be a list of {parameters.Count} gradients, one per tensor in 'params'.");
            }

            for (int k = 0; k < parameters.Count; k++)
            {
                string where = $"grads[{step}][{k}]";
                var (g, shape) = Flatten(grads[k], where);
                if (!shape.AsSpan().SequenceEqual(shapes[k]))
                {
                    throw new ArgumentException($"{where} has shape [{string.Join(", ", shape)}] but params[{k}] has shape [{string.Join(", ", shapes[k])}].");
                }

                g.CopyTo(parameters[k].Grad, 0);
            }

            optimizer.Step();
            scheduler?.Step();
            result.Append(step == 0 ? "[" : ",[");
            for (int k = 0; k < parameters.Count; k++)
            {
                if (k > 0)
                {
                    result.Append(',');
                }

                Write(result, parameters[k].Value, shapes[k]);
            }

            result.Append(']');
        }

        return result.Append("]}").ToString();
    }

    /// <summary>Creates the scheduler with <see cref="SchedulerSpec.Create"/>; metric-driven ones cannot be traced here.</summary>
    private static ILRScheduler CreateScheduler(JsonObject spec, IOptimizer optimizer)
    {
        IScheduler created = SchedulerSpec.Create(spec, optimizer);
        return created as ILRScheduler
            ?? throw new ArgumentException($"scheduler: {spec["type"]?.ToJsonString() ?? "this scheduler"} is driven by a metric; optim trace has no metric values for it (use nbkit schedule trace with \"metrics\").");
    }

    /// <summary>Flattens a number or a rectangular nested list into float32 values and its shape.</summary>
    private static (float[] Values, int[] Shape) Flatten(JsonNode? node, string where)
    {
        var values = new List<float>();
        var shape = new List<int>();
        Walk(node, 0);
        return (values.ToArray(), shape.ToArray());

        void Walk(JsonNode? n, int depth)
        {
            if (n is JsonArray a)
            {
                if (a.Count == 0)
                {
                    throw new ArgumentException($"{where} contains an empty list.");
                }

                if (depth == shape.Count)
                {
                    if (values.Count > 0)
                    {
                        throw new ArgumentException($"{where} is not rectangular: lists and numbers are mixed at depth {depth}.");
                    }

                    shape.Add(a.Count);
                }
                else if (depth > shape.Count || shape[depth] != a.Count)
                {
                    throw new ArgumentException($"{where} is not rectangular: a list at depth {depth} has {a.Count} elements, expected {(depth < shape.Count ? shape[depth] : 0)}.");
                }

                foreach (JsonNode? child in a)
                {
                    Walk(child, depth + 1);
                }
            }
            else if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                if (depth != shape.Count)
                {
                    throw new ArgumentException($"{where} is not rectangular: a number at depth {depth}, expected depth {shape.Count}.");
                }

                values.Add((float)v.GetValue<double>());
            }
            else
            {
                throw new ArgumentException($"{where} must contain only numbers, got {n?.ToJsonString() ?? "null"}.");
            }
        }
    }

    private static void Write(StringBuilder sb, float[] values, int[] shape)
    {
        int index = 0;
        Emit(0);

        void Emit(int depth)
        {
            if (depth == shape.Length)
            {
                float x = values[index++];
                sb.Append(float.IsFinite(x) ? x.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "null");
                return;
            }

            sb.Append('[');
            for (int i = 0; i < shape[depth]; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                Emit(depth + 1);
            }

            sb.Append(']');
        }
    }
}
