using System.Globalization;

namespace NotebookKit.Schedules;

/// <summary>Argument checks shared by the schedules; messages name the PyTorch/Keras argument and the rule.</summary>
internal static class ScheduleChecks
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static void Step(long step)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"step must be non-negative (optimizer updates completed), got {step}.");
        }
    }

    public static double Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be a finite number, got {Format(value)}.");
        }

        return value;
    }

    public static double NonNegative(double value, string name)
    {
        Finite(value, name);
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be non-negative (a learning rate cannot go negative), got {Format(value)}.");
        }

        return value;
    }

    public static double Positive(double value, string name)
    {
        Finite(value, name);
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be positive, got {Format(value)}.");
        }

        return value;
    }

    public static long Positive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be a positive integer, got {value}.");
        }

        return value;
    }

    public static long NonNegative(long value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be a non-negative integer, got {value}.");
        }

        return value;
    }

    public static double Between(double value, double low, double high, string name)
    {
        Finite(value, name);
        if (value < low || value > high)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be between {Format(low)} and {Format(high)}, got {Format(value)}.");
        }

        return value;
    }

    /// <summary>Boundaries between pieces (JoinedSchedule, Keras PiecewiseConstantDecay): non-negative and strictly increasing.</summary>
    public static void StrictlyIncreasing(long[] boundaries, string name)
    {
        for (int i = 0; i < boundaries.Length; i++)
        {
            NonNegative(boundaries[i], name);
            if (i > 0 && boundaries[i] <= boundaries[i - 1])
            {
                throw new ArgumentException($"{name} must be strictly increasing, got {boundaries[i - 1]} then {boundaries[i]}.", name);
            }
        }
    }

    /// <summary>PyTorch <c>milestones</c> (MultiStepLR and its pure twin): non-negative, any order; returned sorted.</summary>
    public static long[] SortedMilestones(IEnumerable<long> milestones)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        long[] sorted = milestones.ToArray();
        foreach (long m in sorted)
        {
            NonNegative(m, "milestones");
        }

        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Python's floor modulo (the sign follows the divisor), which PyTorch's formulas rely on.</summary>
    public static long FloorMod(long a, long b)
    {
        long r = a % b;
        return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
    }
}
