using System.Reflection;
using NotebookKit.Schedules;

namespace NotebookKit.Tests.Conventions;

/// <summary>The conventions every <see cref="ISchedule"/> keeps, as checks that return what breaks them.</summary>
public static class ScheduleRules
{
    /// <summary>The Keras family: <c>keras.optimizers.schedules</c> names, plus the two Keras-callback classics.</summary>
    public static readonly IReadOnlySet<string> KerasNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay", "CosineDecay", "CosineDecayRestarts",
        "StepDecay", "TimeBasedDecay",
    };

    /// <summary>Every concrete <see cref="ISchedule"/> defined in <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<Type> ScheduleTypes(Assembly assembly) =>
        assembly.GetTypes().Where(t => typeof(ISchedule).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false }).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    /// <summary>Schedules that are not sealed records (configuration is data: immutable, comparable, printable).</summary>
    public static IReadOnlyList<string> NotSealedRecords(IEnumerable<Type> types) =>
        types.Where(t => !t.IsSealed || t.GetMethod("<Clone>$") is null)
            .Select(t => $"{t.FullName} is {(t.IsSealed ? "sealed" : "not sealed")} and {(t.GetMethod("<Clone>$") is null ? "not a record" : "a record")}")
            .ToList();

    /// <summary>
    /// Where <c>ValueAt</c> depends on the order of calls: the values of steps 0..<paramref name="steps"/> read forwards,
    /// backwards, in a shuffled order and twice must be the same bits. A schedule that keeps state between calls fails.
    /// </summary>
    public static string? OrderDependence(ISchedule schedule, int steps)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        double[] forward = Enumerable.Range(0, steps + 1).Select(i => schedule.ValueAt(i)).ToArray();
        var orders = new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["backwards"] = Enumerable.Range(0, steps + 1).Reverse().ToArray(),
            ["shuffled"] = Enumerable.Range(0, steps + 1).OrderBy(i => (i * 7919) % (steps + 1)).ThenBy(i => i).ToArray(),
            ["again"] = Enumerable.Range(0, steps + 1).ToArray(),
        };
        foreach (var (name, order) in orders)
        {
            foreach (int step in order)
            {
                double value = schedule.ValueAt(step);
                if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(forward[step]))
                {
                    return $"{schedule.GetType().Name}.ValueAt({step}) read {name} gives {value:R}, read in order {forward[step]:R}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Names outside their family: in <c>NotebookKit.Schedules</c> a schedule is either pure (<c>…Schedule</c>, values named
    /// <c>…Value</c>) or Keras (<see cref="KerasNames"/>, Keras argument names such as <c>InitialLearningRate</c>).
    /// </summary>
    public static IReadOnlyList<string> NamesOutsideTheirFamily(IEnumerable<Type> types, string ns = "NotebookKit.Schedules")
    {
        var lines = new List<string>();
        foreach (var t in types.Where(t => t.Namespace == ns))
        {
            var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();
            if (KerasNames.Contains(t.Name))
            {
                foreach (string p in properties.Where(p => p.EndsWith("Value", StringComparison.Ordinal) && p != "Values"))
                {
                    lines.Add($"{t.Name} is a Keras schedule but names {p} in the pure family's words (Keras says …LearningRate)");
                }
            }
            else if (t.Name.EndsWith("Schedule", StringComparison.Ordinal))
            {
                foreach (string p in properties.Where(p => p.Contains("LearningRate", StringComparison.Ordinal) || p.StartsWith("Decay", StringComparison.Ordinal)))
                {
                    lines.Add($"{t.Name} is a pure schedule but names {p} in Keras's words (the pure family says …Value, …Steps)");
                }
            }
            else
            {
                lines.Add($"{t.Name} is in neither family: a pure schedule ends with Schedule, a Keras one keeps its Keras name");
            }
        }

        return lines;
    }
}
