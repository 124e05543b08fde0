using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Nn;
using NotebookKit.Schedules.Torch;
using NotebookKit.Specs;

namespace NotebookKit.Optim.Traces;

/// <summary>Every parameter tensor after every optimizer step, in float32 like PyTorch's default (<c>nbkit optim trace</c>; docs/optimizers.md).</summary>
/// <remarks>
/// Spec: <c>{"optimizer": {...}, "params": [t0, t1, ...], "grads": [[g0, g1, ...], ...], "scheduler": {...}}</c> (scheduler
/// optional, stepped after each optimizer step), where each tensor is a number or a (nested, rectangular) list of numbers
/// and <c>grads[i][k]</c> is tensor k's gradient at step i+1. Result: <c>{"params": [[t0, t1, ...], ...]}</c>, one entry per
/// step, each tensor in its input nesting.
/// </remarks>
public static class OptimizerTrace
{
    private static readonly string[] Keys = ["optimizer", "params", "grads", "scheduler"];

    /// <summary>Runs the trace a document describes and returns the result as JSON text.</summary>
    /// <exception cref="SpecException">The spec breaks a rule; the message names the key path (<c>grads[1][0]</c>, <c>optimizer.betas</c>).</exception>
    public static string Run(JsonNode? document)
    {
        var r = SpecReader.Of(document, "", "{\"optimizer\": {...}, \"params\": [...], \"grads\": [...]} (a JSON object with optimizer, params and grads)");
        r.Accept(Keys);
        r.RejectUnknown("a trace key", Keys);
        var optimizerSpec = r.Object("optimizer", "{\"type\": \"SGD\", \"lr\": 0.1}");
        var paramList = r.List("params", "a non-empty list of tensors (numbers or nested lists of numbers)");
        if (paramList.Count == 0)
        {
            throw r.Error("params", "must be a non-empty list of tensors (numbers or nested lists of numbers)");
        }

        var gradSteps = r.List("grads", "a list with one entry per step, each a list of gradients shaped like params");

        var parameters = new List<Parameter>();
        var shapes = new List<int[]>();
        for (int k = 0; k < paramList.Count; k++)
        {
            var (values, shape) = Flatten(paramList[k], $"params[{k}]");
            shapes.Add(shape);
            parameters.Add(new Parameter($"p{k}", values, shape.Length == 0 ? [1] : shape));
        }

        IOptimizer optimizer = OptimizerSpec.Create(optimizerSpec, parameters);
        ILRScheduler? scheduler = r.OptionalObject("scheduler", "{\"type\": \"StepLR\", \"step_size\": 2}") is { } s ? CreateScheduler(s, optimizer) : null;
        var result = new StringBuilder("{\"params\":[");
        for (int step = 0; step < gradSteps.Count; step++)
        {
            if (gradSteps[step] is not JsonArray grads || grads.Count != parameters.Count)
            {
                throw new SpecException(SpecPath.Item("grads", step), $"must be a list of {parameters.Count} gradients, one per tensor in params");
            }

            for (int k = 0; k < parameters.Count; k++)
            {
                string where = $"grads[{step}][{k}]";
                var (g, shape) = Flatten(grads[k], where);
                if (!shape.AsSpan().SequenceEqual(shapes[k]))
                {
                    throw new SpecException(where, $"has shape [{string.Join(", ", shape)}] but params[{k}] has shape [{string.Join(", ", shapes[k])}]");
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

    /// <summary>Creates the scheduler with <see cref="SchedulerSpec.Create(SpecReader, IScheduledOptimizer)"/>; metric-driven ones cannot be traced here.</summary>
    private static ILRScheduler CreateScheduler(SpecReader spec, IOptimizer optimizer)
    {
        IScheduler created = SchedulerSpec.Create(new SpecReader(spec.Json, spec.Path, integerLiterals: true), optimizer);
        return created as ILRScheduler
            ?? throw spec.Error($"{spec.Json["type"]?.ToJsonString() ?? "this scheduler"} is driven by a metric; an optimizer trace has no metric values for it (use nbkit schedule trace with \"metrics\")");
    }

    /// <summary>Flattens a number or a rectangular nested list into float32 values and its shape.</summary>
    private static (float[] Values, int[] Shape) Flatten(JsonNode? node, string where)
    {
        var values = new List<float>();
        var shape = new List<int>();
        Walk(node, 0, where);
        return (values.ToArray(), shape.ToArray());

        void Walk(JsonNode? n, int depth, string path)
        {
            if (n is JsonArray a)
            {
                if (a.Count == 0)
                {
                    throw new SpecException(where, "contains an empty list");
                }

                if (depth == shape.Count)
                {
                    if (values.Count > 0)
                    {
                        throw new SpecException(where, $"is not rectangular: lists and numbers are mixed at depth {depth}");
                    }

                    shape.Add(a.Count);
                }
                else if (depth > shape.Count || shape[depth] != a.Count)
                {
                    throw new SpecException(where, $"is not rectangular: a list at depth {depth} has {a.Count} elements, expected {(depth < shape.Count ? shape[depth] : 0)}");
                }

                for (int i = 0; i < a.Count; i++)
                {
                    Walk(a[i], depth + 1, $"{path}[{i}]");
                }
            }
            else if (n is JsonValue)
            {
                double x = SpecReader.NumberAt(n, where);
                if (depth != shape.Count)
                {
                    throw new SpecException(where, $"is not rectangular: a number at depth {depth}, expected depth {shape.Count}");
                }

                // The trace computes in float32: a value that does not fit would silently become ±Infinity.
                if (Math.Abs(x) > float.MaxValue)
                {
                    throw new SpecException(path, $"is {x.ToString("R", CultureInfo.InvariantCulture)}, beyond the float32 range (±{float.MaxValue.ToString("R", CultureInfo.InvariantCulture)}) the trace computes in");
                }

                values.Add((float)x);
            }
            else
            {
                throw new SpecException(where, $"must contain only numbers, got {n?.ToJsonString() ?? "null"}");
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
                sb.Append(float.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "null");
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
