using System.Globalization;

namespace NotebookKit.Optim;

/// <summary>Validation rules shared by the options records; messages follow PyTorch 1.13's wording plus the rule.</summary>
internal static class OptimizerChecks
{
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static void LearningRate(double lr)
    {
        if (!(lr >= 0) || double.IsInfinity(lr))
        {
            throw new ArgumentException($"Invalid learning rate: {Format(lr)} (lr must be a finite number >= 0).", "lr");
        }
    }

    public static void NonNegative(double value, string pytorchName, string label)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"Invalid {label} value: {Format(value)} ({pytorchName} must be a finite number >= 0).", pytorchName);
        }
    }

    public static void Beta(double value, int index)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentException($"Invalid beta parameter at index {index}: {Format(value)} (betas[{index}] must be in [0, 1)).", "betas");
        }
    }

    public static void Mode(WeightDecayMode mode)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentException($"Unknown weight decay mode {(int)mode}.", "weight_decay_mode");
        }
    }
}
