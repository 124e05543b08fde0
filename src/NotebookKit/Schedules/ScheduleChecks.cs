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

    /// <summary>Python's floor modulo (the sign follows the divisor), which PyTorch's formulas rely on.</summary>
    public static long FloorMod(long a, long b)
    {
        long r = a % b;
        return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
    }
}
