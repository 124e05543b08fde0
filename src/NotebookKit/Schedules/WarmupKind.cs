namespace NotebookKit.Schedules;

/// <summary>How a warm-up reaches the schedule it precedes.</summary>
public enum WarmupKind
{
    /// <summary>Linear from the warm-up's start value to the schedule's value at its step 0 (optax <c>linear_schedule</c>).</summary>
    Linear,

    /// <summary>Held at the warm-up's start value (PyTorch <c>ConstantLR</c>-style warm-up).</summary>
    Constant,
}
